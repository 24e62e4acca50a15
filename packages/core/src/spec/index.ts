export * from './types';
export { parseSpecFiles, parseSpecFile } from './parse';
export { specJsonSchema, renderSpecJsonSchema, specSchemaId } from './jsonSchema';
export { eksLimits, managedTagKeys, reservedTagPrefix } from './limits';
export { formats } from './formats';
export type { FormatReader } from './formats';
export { closest } from './suggest';
