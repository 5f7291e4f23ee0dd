/**
 * Checks Kubernetes manifests and Helm values against the Kubernetes API's schemas, with no cluster and no
 * download: kubernetes-models carries the upstream OpenAPI schemas compiled to validators (types, required
 * fields, enums, formats) and TypeScript declarations generated from the same schemas. The validators accept
 * unknown fields, as the OpenAPI schemas do; the API server rejects them (kubectl's strict field validation),
 * so `unknownFields` walks a document along the declarations and names every field they do not have.
 */
import path from 'node:path';
import ts from 'typescript';

export interface Problem {
  /** Where: a JSON-pointer-like path inside the document. */
  at: string;
  message: string;
}

const MODELS = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'kubernetes-models');

/** `apps/v1` + `DaemonSet` → the model's module name; undefined when kubernetes-models has no such kind. */
function modelModule(apiVersion: string, kind: string): string | undefined {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return undefined;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

interface ValidationFailure {
  errors?: { instancePath: string; message?: string }[];
}

/** The schema's verdict on one object of a kind (apiVersion and kind from the object unless given). */
export async function schemaProblems(document: unknown, typeName?: { apiVersion: string; kind: string }) {
  const object = document as { apiVersion?: unknown; kind?: unknown };
  const apiVersion = typeName?.apiVersion ?? String(object?.apiVersion);
  const kind = typeName?.kind ?? String(object?.kind);
  const name = modelModule(apiVersion, kind);
  const model = name
    ? ((await import(name).catch(() => ({}))) as Record<string, new (data: unknown) => { validate(): void }>)[
        kind
      ]
    : undefined;
  if (!model) return [{ at: '', message: `no schema for apiVersion ${apiVersion}, kind ${kind}` }];
  try {
    new model(document).validate();
    return [];
  } catch (error) {
    const errors = (error as ValidationFailure).errors;
    if (!errors) throw error;
    return errors.map((e) => ({
      at: e.instancePath.replace(/^\/?data/, '') || '/',
      message: e.message ?? '',
    }));
  }
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};
let program: ts.Program | undefined;

/** The declared interface `I<kind>` of kubernetes-models/<apiVersion>/<kind>.d.ts. */
function declaredType(apiVersion: string, kind: string): { checker: ts.TypeChecker; type: ts.Type } {
  const file = path.join(MODELS, apiVersion, `${kind}.d.ts`);
  if (!program?.getSourceFile(file)) {
    const roots = [...(program?.getRootFileNames() ?? []), file];
    // The old program's files are reused: only the new kind's declarations are read.
    program = ts.createProgram(roots, COMPILER_OPTIONS, undefined, program);
  }
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === `I${kind}`);
  if (!symbol) throw new Error(`kubernetes-models declares no I${kind} in ${file}`);
  return { checker, type: checker.getDeclaredTypeOfSymbol(symbol) };
}

/** Fields the Kubernetes API does not have, anywhere in the document (as strict field validation refuses). */
export function unknownFields(document: unknown, typeName?: { apiVersion: string; kind: string }): Problem[] {
  const object = document as { apiVersion?: unknown; kind?: unknown };
  const { checker, type } = declaredType(
    typeName?.apiVersion ?? String(object.apiVersion),
    typeName?.kind ?? String(object.kind),
  );
  const problems: Problem[] = [];
  walk(checker, document, type, '', problems);
  return problems;
}

function walk(checker: ts.TypeChecker, value: unknown, declared: ts.Type, at: string, problems: Problem[]) {
  if (value === null || typeof value !== 'object') return;
  // Optional fields are `T | undefined`; a union of object types (rare) is checked against each in turn.
  const candidates = (declared.isUnion() ? declared.types : [declared]).filter(
    (t) => t.flags & ts.TypeFlags.Object,
  );
  if (Array.isArray(value)) {
    const arrayType = candidates.find((t) => checker.isArrayType(t)) as ts.TypeReference | undefined;
    const element = arrayType && checker.getTypeArguments(arrayType)[0];
    if (element) value.forEach((item, index) => walk(checker, item, element, `${at}/${index}`, problems));
    return;
  }
  const shape = candidates.find((t) => !checker.isArrayType(t));
  if (!shape) return;
  const indexType = checker.getIndexTypeOfType(shape, ts.IndexKind.String);
  // An object type without declared fields (free-form JSON such as RawExtension) accepts anything.
  if (!indexType && checker.getPropertiesOfType(shape).length === 0) return;
  for (const [key, child] of Object.entries(value)) {
    const property = shape.getProperty(key);
    const childType = property ? checker.getTypeOfSymbol(property) : indexType;
    if (!childType) problems.push({ at: `${at}/${key}`, message: 'unknown field' });
    else walk(checker, child, childType, `${at}/${key}`, problems);
  }
}
