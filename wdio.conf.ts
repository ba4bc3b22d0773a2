import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// E2E: the web host in headless Debian Chromium. Never downloads a browser or a driver.
const resultsFile = process.env.STREAM_STUDIO_E2E_RESULTS;

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: ['./test/e2e/specs/**/*.e2e.ts'],
  maxInstances: 1,
  capabilities: [
    {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--window-size=1440,900',
          `--user-data-dir=${mkdtempSync(join(tmpdir(), 'stream-studio-chromium-'))}`,
        ],
      },
      'wdio:chromedriverOptions': { binary: process.env.CHROMEDRIVER_BIN ?? '/usr/bin/chromedriver' },
    },
  ],
  logLevel: 'warn',
  bail: 0,
  waitforTimeout: 15_000,
  connectionRetryTimeout: 60_000,
  connectionRetryCount: 2,
  framework: 'mocha',
  reporters: ['spec'],
  mochaOpts: { ui: 'bdd', timeout: 180_000 },
  before() {
    mkdirSync('test/e2e/screenshots', { recursive: true });
  },
  afterTest(test, _context, result) {
    if (resultsFile) appendFileSync(resultsFile, `${result.passed ? 'passed' : 'failed'}\t${test.parent} ${test.title}\n`);
  },
};
