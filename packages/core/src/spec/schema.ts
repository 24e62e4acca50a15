/**
 * A small declarative schema: one description of every spec format drives the parser's shape checks
 * (types, required and unknown fields, empty values) and the generated JSON Schema (see jsonSchema.ts).
 * EKS limits (`maxItems`, `maxLength`, `pattern`) are carried for editors; the static rules enforce them
 * with positions and exact messages, so the shape checker leaves them alone.
 */
export type SchemaNode = StringSchema | BooleanSchema | ObjectSchema | MapSchema | ListSchema | UnionSchema | AnySchema;

interface Documented {
  description?: string;
}

export interface StringSchema extends Documented {
  kind: 'string';
  /** The only value allowed (`apiVersion`, `kind`). */
  const?: string;
  enum?: readonly string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  examples?: readonly string[];
}

/** `true` or `false` (YAML 1.2 booleans only: `yes` and `on` stay strings, so they are refused). */
export interface BooleanSchema extends Documented {
  kind: 'boolean';
}

export interface Property {
  schema: SchemaNode;
  required?: boolean;
  /** Accepted for compatibility but without effect on the profile: reported as info, never silently dropped. */
  ignored?: boolean;
}

export interface ObjectSchema extends Documented {
  kind: 'object';
  properties: Record<string, Property>;
}

/** A mapping of free keys to values of one schema (labels, tags). */
export interface MapSchema extends Documented {
  kind: 'map';
  values: SchemaNode;
  keys?: StringSchema;
  maxProperties?: number;
}

export interface ListSchema extends Documented {
  kind: 'list';
  items: SchemaNode;
  minItems?: number;
  maxItems?: number;
}

/** One of several shapes, told apart by the YAML node's kind (mapping, sequence or scalar). */
export interface UnionSchema extends Documented {
  kind: 'union';
  variants: SchemaNode[];
}

/** Anything: only for fields that are accepted and ignored (`status`, `spec.strategy`). */
export interface AnySchema extends Documented {
  kind: 'any';
}

export const str = (description?: string, extra: Omit<StringSchema, 'kind' | 'description'> = {}): StringSchema => ({
  kind: 'string',
  ...(description ? { description } : {}),
  ...extra,
});

export const bool = (description?: string): BooleanSchema => ({
  kind: 'boolean',
  ...(description ? { description } : {}),
});

export const obj = (properties: Record<string, Property>, description?: string): ObjectSchema => ({
  kind: 'object',
  properties,
  ...(description ? { description } : {}),
});

export const map = (
  values: SchemaNode,
  description?: string,
  extra: Omit<MapSchema, 'kind' | 'values' | 'description'> = {},
): MapSchema => ({
  kind: 'map',
  values,
  ...(description ? { description } : {}),
  ...extra,
});

export const list = (
  items: SchemaNode,
  description?: string,
  extra: Omit<ListSchema, 'kind' | 'items' | 'description'> = {},
): ListSchema => ({
  kind: 'list',
  items,
  ...(description ? { description } : {}),
  ...extra,
});

export const union = (variants: SchemaNode[], description?: string): UnionSchema => ({
  kind: 'union',
  variants,
  ...(description ? { description } : {}),
});

export const any = (description?: string): AnySchema => ({ kind: 'any', ...(description ? { description } : {}) });

export const required = (schema: SchemaNode): Property => ({ schema, required: true });
export const optional = (schema: SchemaNode): Property => ({ schema });
export const ignored = (schema: SchemaNode = any()): Property => ({ schema, ignored: true });
