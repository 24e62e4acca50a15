export * from './types';
export { parseSpecFiles, parseSpecFile } from './parse';
export { specJsonSchema } from './jsonSchema';
export { eksLimits, managedTagKeys, reservedTagPrefix } from './limits';
export { formats } from './formats';
export type { FormatReader } from './formats';
