export { KeyValueRows, rowsToRecord } from './KeyValueRows';
export type { KeyValueRow } from './KeyValueRows';
