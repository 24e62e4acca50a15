import type { FieldSource, SpecFormat } from '../types';
import { fargateOperatorFormat } from './fargateOperator';
import { cloudFormationFormat } from './cloudFormation';
import { eksctlFormat } from './eksctl';
import type { FormatReader, ProfileSetReader } from './format';
import { instanceManagerFormat } from './instanceManager';
import { nativeFormat } from './native';
import { terraformFormat } from './terraform';

export type { FormatReader, ProfileSetReader } from './format';
export {
  nativeFormat,
  instanceManagerFormat,
  fargateOperatorFormat,
  eksctlFormat,
  cloudFormationFormat,
  terraformFormat,
};

/** Every format of one profile per document fargatekeeper reads, the native one first. */
export const formats: readonly FormatReader[] = [nativeFormat, instanceManagerFormat, fargateOperatorFormat];

/** The formats whose one document holds many profiles, recognised by their content. */
export const profileSetFormats: readonly ProfileSetReader[] = [eksctlFormat, cloudFormationFormat, terraformFormat];

/** Where a format writes the fields of a spec. */
export type FormatPaths = Pick<FormatReader, 'title' | 'documentPath'>;

/** A document of many profiles writes a field at a path of its profile's own: only the path recorded when parsing says. */
const recordedPathsOnly = (reader: ProfileSetReader): FormatPaths => ({
  title: reader.title,
  documentPath: () => undefined,
});

const readers: Record<SpecFormat, FormatPaths> = {
  native: nativeFormat,
  'instance-manager': instanceManagerFormat,
  'fargate-operator': fargateOperatorFormat,
  eksctl: recordedPathsOnly(eksctlFormat),
  cloudformation: recordedPathsOnly(cloudFormationFormat),
  terraform: recordedPathsOnly(terraformFormat),
};

export const formatReader = (format: SpecFormat): FormatPaths => readers[format];

/**
 * Where a model field (`selectors[0]`) is written in the document of a spec: the path recorded when
 * the file was parsed, else the one its format writes it at; undefined when neither can say.
 */
export function documentPathOf(
  modelPath: string,
  format: SpecFormat | undefined,
  recorded?: FieldSource,
): string | undefined {
  return recorded?.path ?? (format ? formatReader(format).documentPath(modelPath) : undefined);
}
