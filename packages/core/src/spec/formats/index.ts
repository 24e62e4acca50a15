import type { FieldSource, SpecFormat } from '../types';
import { fargateOperatorFormat } from './fargateOperator';
import type { FormatReader } from './format';
import { instanceManagerFormat } from './instanceManager';
import { nativeFormat } from './native';

export type { FormatReader } from './format';
export { nativeFormat, instanceManagerFormat, fargateOperatorFormat };

/** Every format fargatekeeper reads, the native one first. */
export const formats: readonly FormatReader[] = [nativeFormat, instanceManagerFormat, fargateOperatorFormat];

const readers: Record<SpecFormat, FormatReader> = {
  native: nativeFormat,
  'instance-manager': instanceManagerFormat,
  'fargate-operator': fargateOperatorFormat,
};

export const formatReader = (format: SpecFormat): FormatReader => readers[format];

/**
 * Where a model field (`selectors[0]`) is written in the document of a spec: the path recorded when
 * the file was parsed, else the one its format writes it at; undefined when neither can say.
 */
export function documentPathOf(modelPath: string, format: SpecFormat | undefined, recorded?: FieldSource): string | undefined {
  return recorded?.path ?? (format ? formatReader(format).documentPath(modelPath) : undefined);
}
