export * from './definition';
export * from './field-path';
export * from './pareto';
export * from './point';
export { modelFingerprint } from './fingerprint';
export * from './sweep-file';
export * from './sweep-values';
