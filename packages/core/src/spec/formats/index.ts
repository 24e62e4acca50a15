import { fargateOperatorFormat } from './fargateOperator';
import type { FormatReader } from './format';
import { instanceManagerFormat } from './instanceManager';
import { nativeFormat } from './native';

export type { FormatReader } from './format';
export { nativeFormat, instanceManagerFormat, fargateOperatorFormat };

/** Every format fargatekeeper reads, the native one first. */
export const formats: readonly FormatReader[] = [nativeFormat, instanceManagerFormat, fargateOperatorFormat];
