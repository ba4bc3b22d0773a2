/** Types of load-cli.js (a plain JavaScript module, so that the bin needs no transpiler). */
export declare const BUILT_CLI: string;
export declare function builtCliIsCurrent(): boolean;
export declare function loadCli(): Promise<(args: readonly string[]) => Promise<number>>;
