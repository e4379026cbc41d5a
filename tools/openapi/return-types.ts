// Response schemas from the handlers' TypeScript return types (the Nest CLI plugin's job, which
// swc builds do not run): views stay plain interfaces and the document cannot drift from them.
import { join } from 'node:path';
import ts from 'typescript';

export type JsonSchema = Record<string, unknown>;

export interface ReturnTypeSchemas {
  /** Success body schema per swagger operation id (`Controller_method`); absent for void. */
  operations: Record<string, JsonSchema>;
  components: Record<string, JsonSchema>;
}

const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);
const REF = '#/components/schemas/';

function decoratorNames(node: ts.Node): string[] {
  return (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []).map((d) => {
    const call = d.expression;
    const callee = ts.isCallExpression(call) ? call.expression : call;
    return ts.isIdentifier(callee) ? callee.text : '';
  });
}

class SchemaWriter {
  readonly components: Record<string, JsonSchema> = {};
  private readonly names = new Map<string, string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** A name for a named object type, stable per declaration and type arguments. */
  private componentName(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.name.startsWith('__')) return undefined;
    if (symbol.name === 'Array' || symbol.name === 'Record' || symbol.name === 'Omit')
      return undefined;
    const args = type.aliasSymbol
      ? (type.aliasTypeArguments ?? [])
      : ((type as ts.TypeReference).typeArguments ?? []);
    const argNames = args.map((arg) =>
      this.checker.typeToString(arg).replace(/[^A-Za-z0-9]+/g, ''),
    );
    const base = [symbol.name, ...argNames].join('_');
    const declaration = symbol.declarations?.[0];
    const identity = `${declaration?.getSourceFile().fileName ?? ''}:${declaration?.pos ?? 0}:${argNames.join(',')}`;
    const known = this.names.get(identity);
    if (known) return known;
    let name = base;
    for (let n = 2; Object.values(Object.fromEntries(this.names)).includes(name); n += 1)
      name = `${base}${n}`;
    this.names.set(identity, name);
    return name;
  }

  private readonly inProgress = new Set<ts.Type>();

  /** Recursive anonymous types (a JSON value) end as "any" where they recur. */
  schemaOf(type: ts.Type, propertyName?: string): JsonSchema {
    if (this.inProgress.has(type)) return {};
    this.inProgress.add(type);
    try {
      return this.describe(type, propertyName);
    } finally {
      this.inProgress.delete(type);
    }
  }

  private describe(type: ts.Type, propertyName?: string): JsonSchema {
    const { checker } = this;
    const flags = type.getFlags();
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.StringLiteral)
      return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral)
      return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
    if (flags & ts.TypeFlags.String) return { type: 'string' };
    if (flags & ts.TypeFlags.Number)
      return { type: propertyName?.endsWith('Fen') ? 'integer' : 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (flags & ts.TypeFlags.BigInt) return { type: 'integer' };
    if (type.isUnion()) return this.unionSchema(type, propertyName);
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? this.schemaOf(item, propertyName) : {} };
    }
    const symbolName = type.getSymbol()?.name;
    if (symbolName === 'Date') return { type: 'string', format: 'date-time' };
    if (symbolName === 'Buffer' || symbolName === 'Uint8Array')
      return { type: 'string', format: 'binary' };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      const name = this.componentName(type);
      if (!name) return this.objectSchema(type);
      if (!this.components[name]) {
        this.components[name] = {};
        this.components[name] = this.objectSchema(type);
      }
      return { $ref: `${REF}${name}` };
    }
    return {};
  }

  private unionSchema(type: ts.UnionType, propertyName?: string): JsonSchema {
    const members = type.types.filter(
      (t) => !(t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
    );
    const nullable = members.some((t) => t.getFlags() & ts.TypeFlags.Null);
    const rest = members.filter((t) => !(t.getFlags() & ts.TypeFlags.Null));
    let schema: JsonSchema;
    if (rest.length > 0 && rest.every((t) => t.getFlags() & ts.TypeFlags.BooleanLiteral)) {
      schema = { type: 'boolean' };
    } else if (rest.length > 0 && rest.every((t) => t.isStringLiteral())) {
      schema = { type: 'string', enum: rest.map((t) => t.value) };
    } else if (rest.length === 1 && rest[0]) {
      schema = this.schemaOf(rest[0], propertyName);
    } else {
      schema = { oneOf: rest.map((t) => this.schemaOf(t, propertyName)) };
    }
    if (!nullable) return schema;
    return schema.$ref ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
  }

  private objectSchema(type: ts.Type): JsonSchema {
    const { checker } = this;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration
        ? checker.getTypeOfSymbolAtLocation(property, declaration)
        : checker.getDeclaredTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      properties[property.name] = this.schemaOf(propertyType, property.name);
      const optional =
        (property.getFlags() & ts.SymbolFlags.Optional) !== 0 ||
        (propertyType.isUnion() &&
          propertyType.types.some((t) => t.getFlags() & ts.TypeFlags.Undefined));
      if (!optional) required.push(property.name);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    if (index) schema.additionalProperties = this.schemaOf(index.type);
    return schema;
  }
}

/** Reads every `*.controller.ts` under the given roots and derives each route's success body schema. */
export function returnTypeSchemas(repoRoot: string, controllerFiles: string[]): ReturnTypeSchemas {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.base.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  const program = ts.createProgram(controllerFiles, { ...config?.options, noEmit: true });
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const operations: Record<string, JsonSchema> = {};
  for (const file of [...controllerFiles].sort()) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`return types: cannot read ${file}`);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      if (!decoratorNames(statement).includes('Controller')) continue;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        if (!decoratorNames(member).some((d) => ROUTE_DECORATORS.has(d))) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (!signature) continue;
        const returned = checker.getReturnTypeOfSignature(signature);
        const body = checker.getAwaitedType(returned) ?? returned;
        if (body.getFlags() & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) continue;
        operations[`${statement.name.text}_${member.name.text}`] = writer.schemaOf(body);
      }
    }
  }
  return { operations, components: writer.components };
}
