import { isAlias, isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import { childPath } from '../paths';
import { quote } from '../quote';

/** The parts of a CloudFormation template that intrinsic functions read. */
export interface Template {
  document: Document.Parsed;
  /** Parameter name → its declaration (`Type`, `Default`, ...). */
  parameters: ReadonlyMap<string, Node>;
  mappings?: Node;
  /** Logical id → resource. */
  resources: ReadonlyMap<string, Node>;
}

/** A value fargatekeeper cannot know from the template alone, at the node that asks for it. */
export interface Unresolvable {
  path: string;
  node: Node;
  message: string;
  hint: string;
}

/** `Ref: AWS::NoValue`: the property is left out. */
export const noValue: unique symbol = Symbol('AWS::NoValue');
/** A value that could not be resolved (its reason is among the problems). */
export const unresolved: unique symbol = Symbol('unresolved');
export type Resolved = Node | typeof noValue | typeof unresolved;

/** The short forms YAML templates write (`!Ref`, `!Sub`, ...), by the name of their long form. */
const SHORT_FORMS: Record<string, string> = Object.fromEntries(
  [
    'Ref',
    'Condition',
    ...[
      'Sub',
      'GetAtt',
      'Join',
      'Select',
      'Split',
      'FindInMap',
      'If',
      'ImportValue',
      'GetAZs',
      'Base64',
      'Cidr',
      'Equals',
      'And',
      'Or',
      'Not',
      'Transform',
      'ToJsonString',
      'Length',
    ].map(f => `Fn::${f}`),
  ].map(long => [`!${long.replace(/^Fn::/, '')}`, long]),
);

/** Whether a YAML tag is one of CloudFormation's short forms (YAML warns of them as unknown tags). */
export const isIntrinsicTag = (tag: string | undefined): boolean => tag !== undefined && tag in SHORT_FORMS;

const RESOLVED =
  'literals, `Ref`s to parameters with a `Default`, and `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` of those';

/** Where the names of clusters a template makes are written, by resource type: `Ref` to such a resource gives that name. */
const CLUSTER_NAME_PATHS: Record<string, readonly string[]> = {
  'AWS::EKS::Cluster': ['Properties', 'Name'],
  'Custom::AWSCDK-EKS-Cluster': ['Properties', 'Config', 'name'],
};

/**
 * Resolves the intrinsic functions of one resource's properties to what CloudFormation would pass to
 * EKS, where the template alone says it: literals, parameters' defaults and the names of clusters
 * the template makes with a literal name. Anything known only at deployment (`Fn::GetAtt`, pseudo
 * parameters, `Fn::ImportValue`, conditions) is a problem naming the resource and the property.
 * Resolved values are new nodes at the position of the function that gave them.
 */
export class IntrinsicResolver {
  readonly problems: Unresolvable[] = [];
  /** Clusters whose name is being resolved, against a `Ref` cycle. */
  private readonly resolving = new Set<string>();

  constructor(
    private readonly template: Template,
    private readonly logicalId: string,
    /** The document path of the properties (`Resources.Profile.Properties`): problems name the property below it. */
    private readonly propertiesPath: string,
  ) {}

  /**
   * The node with its functions resolved. A mapping or list always resolves, without the entries that
   * could not be (each is among `problems`), so what the rest says is still known.
   */
  resolve(node: Node | null | undefined, path: string): Resolved | null | undefined {
    if (isAlias(node)) return this.resolve(node.resolve(this.template.document) as Node | undefined, path);
    if (node == null) return node;
    const call = intrinsicOf(node);
    if (call) return this.call(call.fn, call.argument, node, path);
    if (isMap(node)) {
      const map = new YAMLMap();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = this.resolve(pair.value as Node | null, childPath(path, key));
        if (value !== unresolved && value !== noValue) map.items.push(new Pair(pair.key, value));
      }
      return at(map, node);
    }
    if (isSeq(node)) {
      const seq = new YAMLSeq();
      node.items.forEach((item, index) => {
        const value = this.resolve(item as Node | null, childPath(path, index));
        if (value !== unresolved && value !== noValue) seq.items.push(value);
      });
      return at(seq, node);
    }
    return node;
  }

  private call(fn: string, argument: Node, node: Node, path: string): Resolved {
    switch (fn) {
      case 'Ref': {
        const name = text(argument);
        return name === undefined
          ? this.problem(node, path, '`Ref` takes the name of a parameter or resource')
          : this.ref(name, node, path);
      }
      case 'Fn::Sub':
        return this.sub(argument, node, path);
      case 'Fn::Join':
        return this.join(argument, node, path);
      case 'Fn::Select':
        return this.select(argument, node, path);
      case 'Fn::Split':
        return this.split(argument, node, path);
      case 'Fn::FindInMap':
        return this.findInMap(argument, node, path);
      case 'Fn::GetAtt':
        return this.problem(
          node,
          path,
          '`Fn::GetAtt` gives an attribute known only once the stack is deployed',
          valueHint,
        );
      case 'Fn::ImportValue':
        return this.problem(
          node,
          path,
          "`Fn::ImportValue` reads another stack's export, known only once that stack is deployed",
          valueHint,
        );
      case 'Fn::If':
      case 'Condition':
        return this.problem(
          node,
          path,
          `\`${fn}\` depends on the template's conditions, which are decided at deployment`,
          valueHint,
        );
      default:
        return this.problem(
          node,
          path,
          `\`${fn}\` is not resolved by fargatekeeper (it resolves ${RESOLVED})`,
          valueHint,
        );
    }
  }

  private ref(name: string, node: Node, path: string): Resolved {
    if (name === 'AWS::NoValue') return noValue;
    if (name.startsWith('AWS::')) {
      return this.problem(
        node,
        path,
        `the pseudo parameter \`${name}\` is known only when the stack is deployed`,
        valueHint,
      );
    }
    const parameter = this.template.parameters.get(name);
    if (parameter) return this.parameterValue(name, parameter, node, path);
    const resource = this.template.resources.get(name);
    if (resource) return this.clusterName(name, resource, node, path);
    return this.problem(
      node,
      path,
      `\`Ref\` to ${quote(name)}, which is neither a parameter nor a resource of the template`,
      'check the name',
    );
  }

  /** A parameter's `Default`, as CloudFormation passes it: a list for list types, else a string. */
  private parameterValue(name: string, parameter: Node, node: Node, path: string): Resolved {
    const declared = isMap(parameter) ? parameter : undefined;
    const defaultNode = declared?.get('Default', true) as Node | undefined;
    const value = isScalar(defaultNode) && defaultNode.value != null ? String(defaultNode.value) : undefined;
    if (value === undefined) {
      return this.problem(
        node,
        path,
        `the parameter \`${name}\` has no \`Default\`: its value is given when the stack is deployed`,
        `give \`${name}\` a \`Default\` equal to the deployed value, or write the value here`,
      );
    }
    const type = declared?.get('Type');
    if (typeof type === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'))) {
      return at(
        seqOf(
          value.split(',').map(v => v.trim()),
          node,
        ),
        node,
      );
    }
    return scalarAt(value, node);
  }

  /** `Ref` to a cluster the template makes gives its name, when the template writes it. */
  private clusterName(name: string, resource: Node, node: Node, path: string): Resolved {
    const type = isMap(resource) ? resource.get('Type') : undefined;
    const namePath = typeof type === 'string' ? CLUSTER_NAME_PATHS[type] : undefined;
    if (!namePath || !isMap(resource)) {
      return this.problem(
        node,
        path,
        `\`Ref\` to the resource ${quote(name)} (${typeof type === 'string' ? quote(type) : 'no type'}) gives an id known only once the stack is deployed`,
        valueHint,
      );
    }
    const written = resource.getIn(namePath, true) as Node | undefined;
    if (!written || this.resolving.has(name)) {
      return this.problem(
        node,
        path,
        `the cluster ${quote(name)} has no literal \`${namePath.slice(1).join('.')}\`: CloudFormation names it when the stack is deployed`,
        `write the cluster's name here, or give ${quote(name)} a \`${namePath.slice(1).join('.')}\``,
      );
    }
    this.resolving.add(name);
    const resolved = this.resolve(written, path);
    this.resolving.delete(name);
    if (resolved === unresolved) return unresolved;
    const value = resolved === noValue || resolved == null ? undefined : text(resolved);
    return value === undefined
      ? this.problem(node, path, `the name of the cluster ${quote(name)} is not a text`, valueHint)
      : scalarAt(value, node);
  }

  private sub(argument: Node, node: Node, path: string): Resolved {
    const [templateNode, variablesNode] = isSeq(argument) ? (argument.items as Node[]) : [argument];
    const source = text(templateNode);
    if (source === undefined || (variablesNode !== undefined && !isMap(variablesNode))) {
      return this.problem(node, path, '`Fn::Sub` takes a string, or a string and a mapping of variables');
    }
    let failed = false;
    const result = source.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const variable =
        variablesNode && isMap(variablesNode) ? (variablesNode.get(inner, true) as Node | undefined) : undefined;
      const value =
        variable !== undefined
          ? this.resolve(variable, path)
          : inner.includes('.')
            ? this.attributeProblem(inner, node, path)
            : this.ref(inner, node, path);
      const written = value === unresolved || value === noValue || value == null ? undefined : text(value);
      if (written === undefined) {
        if (value !== unresolved) this.problem(node, path, `\`Fn::Sub\`: \`${whole}\` is not a text`);
        failed = true;
        return whole;
      }
      return written;
    });
    return failed ? unresolved : scalarAt(result, node);
  }

  private attributeProblem(name: string, node: Node, path: string): typeof unresolved {
    return this.problem(
      node,
      path,
      `\`Fn::Sub\`: \`\${${name}}\` is an attribute, known only once the stack is deployed`,
      valueHint,
    );
  }

  private join(argument: Node, node: Node, path: string): Resolved {
    const [delimiterNode, listNode] = isSeq(argument) ? (argument.items as Node[]) : [];
    const delimiter = delimiterNode !== undefined ? text(delimiterNode) : undefined;
    if (delimiter === undefined || listNode === undefined)
      return this.problem(node, path, '`Fn::Join` takes a delimiter and a list');
    const parts = this.texts(listNode, node, path, 'Fn::Join');
    return parts === unresolved ? parts : scalarAt(parts.join(delimiter), node);
  }

  private select(argument: Node, node: Node, path: string): Resolved {
    const [indexNode, listNode] = isSeq(argument) ? (argument.items as Node[]) : [];
    const problems = this.problems.length;
    const index = indexNode !== undefined ? this.resolve(indexNode, path) : undefined;
    const list = listNode !== undefined ? this.resolve(listNode, path) : undefined;
    if (index === unresolved || list === unresolved || this.problems.length > problems) return unresolved;
    const position = index != null && index !== noValue ? Number(text(index)) : NaN;
    if (!Number.isInteger(position) || !isSeq(list))
      return this.problem(node, path, '`Fn::Select` takes an index and a list');
    const item = list.items[position] as Node | undefined;
    return item === undefined
      ? this.problem(node, path, `\`Fn::Select\`: the list has no item ${position}`)
      : relocated(item, node);
  }

  private split(argument: Node, node: Node, path: string): Resolved {
    const [delimiterNode, sourceNode] = isSeq(argument) ? (argument.items as Node[]) : [];
    const delimiter = delimiterNode !== undefined ? text(delimiterNode) : undefined;
    const source = sourceNode !== undefined ? this.resolve(sourceNode, path) : undefined;
    if (source === unresolved) return unresolved;
    const value = source != null && source !== noValue ? text(source) : undefined;
    if (delimiter === undefined || value === undefined)
      return this.problem(node, path, '`Fn::Split` takes a delimiter and a string');
    return at(seqOf(value.split(delimiter), node), node);
  }

  private findInMap(argument: Node, node: Node, path: string): Resolved {
    const keys = isSeq(argument) ? this.texts(argument, node, path, 'Fn::FindInMap') : unresolved;
    if (keys === unresolved) return keys;
    if (keys.length !== 3) return this.problem(node, path, '`Fn::FindInMap` takes a map name and two keys');
    const found = isMap(this.template.mappings)
      ? (this.template.mappings.getIn(keys, true) as Node | undefined)
      : undefined;
    if (found === undefined)
      return this.problem(node, path, `\`Fn::FindInMap\`: \`Mappings\` has no ${keys.map(k => quote(k)).join(' → ')}`);
    const value = this.resolve(found, path);
    if (value == null)
      return this.problem(node, path, `\`Fn::FindInMap\`: ${keys.map(k => quote(k)).join(' → ')} is empty`);
    return value === noValue || value === unresolved ? value : relocated(value, node);
  }

  /** A list (literal or resolved) of texts. */
  private texts(listNode: Node, node: Node, path: string, fn: string): string[] | typeof unresolved {
    const problems = this.problems.length;
    const list = this.resolve(listNode, path);
    // A list resolves without the items that could not be: then it is not the list.
    if (list === unresolved || this.problems.length > problems) return unresolved;
    const values = isSeq(list) ? list.items.map(item => text(item as Node)) : undefined;
    if (!values || values.some(v => v === undefined))
      return this.problem(node, path, `\`${fn}\` takes a list of texts`);
    return values as string[];
  }

  private problem(
    node: Node,
    path: string,
    what: string,
    hint = `fargatekeeper resolves ${RESOLVED}`,
  ): typeof unresolved {
    const property = path.startsWith(`${this.propertiesPath}.`) ? path.slice(this.propertiesPath.length + 1) : path;
    this.problems.push({
      path,
      node,
      message: `resource \`${this.logicalId}\`, property \`${property}\`: ${what}`,
      hint,
    });
    return unresolved;
  }
}

const valueHint = `write the deployed value here (or in a parameter's \`Default\`): fargatekeeper resolves ${RESOLVED}, or write native specs of the live profiles with \`fargatekeeper import\``;

/** The function a node calls: a short form (`!Ref x`) or a mapping of one `Ref`, `Condition` or `Fn::` key. */
function intrinsicOf(node: Node): { fn: string; argument: Node } | undefined {
  const short = node.tag !== undefined ? SHORT_FORMS[node.tag] : undefined;
  if (short) return { fn: short, argument: untagged(node) };
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const pair = node.items[0]!;
  const key = isScalar(pair.key) ? pair.key.value : undefined;
  if (typeof key !== 'string' || !(key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'))) return undefined;
  return { fn: key, argument: (pair.value as Node | null) ?? scalarAt('', node) };
}

/** The argument of a short form is the node itself without its tag. */
function untagged(node: Node): Node {
  const copy = node.clone() as Node;
  copy.tag = undefined;
  return copy;
}

function text(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value == null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

/** A node standing at the position of `origin`. */
function at<T extends Node>(node: T, origin: Node): T {
  if (origin.range) node.range = [...origin.range];
  return node;
}

const scalarAt = (value: string, origin: Node): Scalar => at(new Scalar(value), origin);

/** A value found elsewhere (a mapping, a list), standing where the function that found it is written. */
function relocated(value: Node, origin: Node): Node {
  if (isScalar(value)) return at(new Scalar(value.value), origin);
  if (isSeq(value)) {
    const seq = new YAMLSeq();
    seq.items = value.items.map(item => relocated(item as Node, origin));
    return at(seq, origin);
  }
  return value;
}

function seqOf(values: readonly string[], origin: Node): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items = values.map(v => scalarAt(v, origin));
  return seq;
}
