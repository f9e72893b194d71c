/**
 * Just enough JSON Schema (2020-12 as used by OpenAPI 3.1) to check responses against
 * docs/openapi.json without a dependency: $ref, type, const, enum, required, properties,
 * additionalProperties (false or a schema), propertyNames, min/maxProperties, items, oneOf,
 * anyOf, not, if/then/else, min/max(Length|Items), uniqueItems, minimum/maximum, pattern.
 * Annotations (format, description, default, writeOnly, contentMediaType) are ignored.
 */
// biome-ignore lint/suspicious/noExplicitAny: schemas are arbitrary JSON
type Schema = Record<string, any>;

export function validate(root: Schema, schema: Schema, value: unknown, at = "$"): string[] {
  if (schema.$ref) {
    const target = (schema.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce((node: Schema, part: string) => node?.[part], root);
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return validate(root, target, value, at);
  }
  const errors: string[] = [];
  if ("const" in schema && value !== schema.const)
    errors.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: not in enum`);
  if (schema.type) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => hasType(value, type)))
      return [...errors, `${at}: must be ${types.join("|")}`];
  }
  if (schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter(
      (s) => validate(root, s, value, at).length === 0,
    );
    if (passing.length !== 1)
      errors.push(`${at}: matches ${passing.length} of oneOf, not exactly 1`);
  }
  if (
    schema.anyOf &&
    !(schema.anyOf as Schema[]).some((s) => validate(root, s, value, at).length === 0)
  ) {
    errors.push(`${at}: matches none of anyOf`);
  }
  if (schema.not && validate(root, schema.not, value, at).length === 0) {
    errors.push(`${at}: matches a schema it must not`);
  }
  if (schema.if) {
    const branch = validate(root, schema.if, value, at).length === 0 ? schema.then : schema.else;
    if (branch) errors.push(...validate(root, branch, value, at));
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push(`${at}: too short`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      errors.push(`${at}: too long`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${at}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errors.push(`${at}: too many items`);
    if (
      schema.uniqueItems &&
      new Set(value.map((item) => JSON.stringify(item))).size < value.length
    )
      errors.push(`${at}: items not unique`);
    if (schema.items) {
      value.forEach((item, i) => {
        errors.push(...validate(root, schema.items, item, `${at}[${i}]`));
      });
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object)) errors.push(`${at}: missing ${name}`);
    }
    const count = Object.keys(object).length;
    if (schema.minProperties !== undefined && count < schema.minProperties)
      errors.push(`${at}: too few properties`);
    if (schema.maxProperties !== undefined && count > schema.maxProperties)
      errors.push(`${at}: too many properties`);
    for (const [name, child] of Object.entries(object)) {
      if (schema.propertyNames)
        errors.push(
          ...validate(root, schema.propertyNames, name, `${at}[${JSON.stringify(name)}]`),
        );
      const property = schema.properties?.[name];
      if (property) errors.push(...validate(root, property, child, `${at}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected ${name}`);
      else if (typeof schema.additionalProperties === "object")
        errors.push(...validate(root, schema.additionalProperties, child, `${at}.${name}`));
    }
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}
