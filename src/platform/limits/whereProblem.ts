import type { FlattenedField, Payload, SanitizedCollectionConfig } from 'payload'
import { validOperatorSet } from 'payload/shared'

import { platformSettingsOf } from '../../utilities/platformSettings'
import { parseId } from '../../utilities/ids'
import { unstorableText } from '../../utilities/storableText'
import type { RequestLimits } from '../../utilities/requestLimits'

const GEO_OPERATORS = new Set(['intersects', 'near', 'within'])
const LIST_OPERATORS = new Set(['all', 'in', 'not_in'])
const COMPARE_OPERATORS = new Set([
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
])
const isEquality = (operator: string) =>
  operator === 'equals' || operator === 'not_equals' || LIST_OPERATORS.has(operator)

type Context = {
  collection: Pick<SanitizedCollectionConfig, 'flattenedFields' | 'slug'>
  limits: Pick<RequestLimits, 'jsonDepth' | 'listValues' | 'stringLength'>
  payload: Payload
}

/** The field a query path names, when it can be followed through groups and tabs. */
const fieldAt = (fields: FlattenedField[], path: string): FlattenedField | undefined => {
  let current: FlattenedField[] | undefined = fields
  let found: FlattenedField | undefined
  for (const segment of path.split('.')) {
    found = current?.find((field) => field.name === segment)
    if (!found) return undefined
    current = found.type === 'group' || found.type === 'tab' ? found.flattenedFields : undefined
  }
  return found
}

type IdKind = 'number' | 'serial' | 'text' | 'uuid'

/** How ids of `slug` look, or undefined for a collection this check does not know. */
export const idTypeOf = (payload: Payload, slug: string): IdKind | undefined => {
  const collection = payload.collections[slug as keyof typeof payload.collections]
  if (!collection) return undefined
  return collection.customIDType ?? platformSettingsOf(payload).idType
}

export const validId = (value: unknown, type: IdKind): boolean => {
  if (type === 'serial' || type === 'uuid') return parseId(value, type) !== undefined
  if (type === 'number') return value !== '' && Number.isFinite(Number(value))
  return true
}

const listOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value]

/** What is wrong with one `operator: value` pair on `path`, if anything. */
const constraintProblem = (
  path: string,
  operator: string,
  value: unknown,
  { collection, limits, payload }: Context,
): string | undefined => {
  const at = `where[${path}][${operator}]`
  // Versions queries name document fields under `version.` and the document as `parent`.
  const own = fieldAt(collection.flattenedFields, path)
  const documentPath =
    own || path === 'id'
      ? path
      : path === 'parent'
        ? 'id'
        : path.startsWith('version.')
          ? path.slice('version.'.length)
          : path
  if (!validOperatorSet.has(operator as never)) {
    return `${at}: unknown operator "${operator.slice(0, 40)}" (use one of ${[...validOperatorSet].join(', ')}).`
  }
  const values = LIST_OPERATORS.has(operator) ? listOf(value) : [value]
  if (values.length > limits.listValues) {
    return `${at}: at most ${limits.listValues} values.`
  }
  for (const item of values) {
    if (item !== null && typeof item === 'object' && !GEO_OPERATORS.has(operator)) {
      return `${at}: expected a value, not ${Array.isArray(item) ? 'a list' : 'an object'}.`
    }
    if (typeof item === 'string' && item.length > limits.stringLength) {
      return `${at}: longer than ${limits.stringLength} characters.`
    }
    if (typeof item === 'string' && unstorableText(item)) {
      return `${at}: contains a NUL byte or a lone UTF-16 surrogate.`
    }
  }
  const field =
    documentPath === 'id' ? undefined : fieldAt(collection.flattenedFields, documentPath)
  if (GEO_OPERATORS.has(operator) && field?.type !== 'point') {
    return `${at}: "${operator}" works only on point fields.`
  }
  if (operator === 'exists') {
    return [true, false, 'true', 'false'].includes(value as never)
      ? undefined
      : `${at}: expected true or false.`
  }
  const idType =
    documentPath === 'id'
      ? idTypeOf(payload, collection.slug)
      : (field?.type === 'relationship' || field?.type === 'upload') &&
          typeof field.relationTo === 'string'
        ? idTypeOf(payload, field.relationTo)
        : undefined
  const isEqualityOnId = idType && isEquality(operator)
  for (const item of values) {
    if (item === null || item === undefined || item === '') continue
    if (isEqualityOnId && !validId(item, idType)) {
      return `${at}: ${JSON.stringify(String(item).slice(0, 40))} is not a valid id.`
    }
    if (field?.type === 'number' && (COMPARE_OPERATORS.has(operator) || isEquality(operator))) {
      if (!Number.isFinite(Number(item))) return `${at}: expected a number.`
    }
    if (field?.type === 'date' && operator !== 'like' && operator !== 'contains') {
      if (Number.isNaN(Date.parse(String(item)))) return `${at}: expected a date (ISO 8601).`
    }
  }
  return undefined
}

/**
 * What is wrong with a client's `where` query, if anything, as a message naming the path and
 * operator: wrong shapes, unknown operators, geo operators on non-point fields, malformed ids,
 * numbers or dates, NUL bytes, oversized lists and nesting. PostgreSQL then never sees such a
 * value (it would answer with a 500). Iterative, so a hostile nesting cannot overflow the stack.
 */
export const whereProblem = (where: unknown, context: Context): string | undefined => {
  const pending: [unknown, string, number][] = [[where, 'where', 0]]
  while (pending.length > 0) {
    const [current, at, depth] = pending.pop() as [unknown, string, number]
    if (!current || typeof current !== 'object' || Array.isArray(current)) {
      return `${at}: expected an object of field paths and operators.`
    }
    if (depth > context.limits.jsonDepth) {
      return `${at}: nested deeper than ${context.limits.jsonDepth} levels.`
    }
    for (const [key, value] of Object.entries(current)) {
      const lower = key.toLowerCase()
      if (lower === 'and' || lower === 'or') {
        if (!Array.isArray(value)) return `${at}[${key}]: expected a list of conditions.`
        if (value.length > context.limits.listValues) {
          return `${at}[${key}]: at most ${context.limits.listValues} conditions.`
        }
        value.forEach((child, index) => pending.push([child, `${at}[${key}][${index}]`, depth + 1]))
        continue
      }
      if (key.length > 200 || unstorableText(key)) return `${at}: not a usable field path.`
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return `${at}[${key}]: expected an operator, e.g. where[${key}][equals]=...`
      }
      for (const [operator, operand] of Object.entries(value)) {
        const problem = constraintProblem(key, operator, operand, context)
        if (problem) return problem
      }
    }
  }
  return undefined
}
