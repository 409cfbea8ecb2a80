import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql'

import type { RequestLimits } from '../../utilities/requestLimits'

type Cost = { aliases: number; depth: number; fields: number; rootFields: number }

/**
 * The cost of one operation, fragments expanded, counted until a limit is passed (so a fragment
 * that spreads itself twice per level cannot make the count itself expensive). Introspection
 * (`__schema`, `__type`) is left to graphql-js's own introspection depth rule.
 */
const costOf = (
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  limits: RequestLimits['graphQL'],
): Cost => {
  const cost: Cost = { aliases: 0, depth: 0, fields: 0, rootFields: 0 }
  const pending: [SelectionSetNode, number, ReadonlySet<string>][] = [[selectionSet, 1, new Set()]]
  while (pending.length > 0 && cost.fields <= limits.fields) {
    const [set, depth, seen] = pending.pop() as [SelectionSetNode, number, ReadonlySet<string>]
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue
        cost.fields++
        if (selection.alias) cost.aliases++
        if (depth === 1) cost.rootFields++
        cost.depth = Math.max(cost.depth, depth)
        if (selection.selectionSet) pending.push([selection.selectionSet, depth + 1, seen])
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push([selection.selectionSet, depth, seen])
      } else {
        const name = selection.name.value
        const fragment = fragments.get(name)
        // A cycle is graphql-js's error to report (NoFragmentCyclesRule); here it just stops.
        if (fragment && !seen.has(name)) {
          pending.push([fragment.selectionSet, depth, new Set([...seen, name])])
        }
      }
    }
  }
  return cost
}

/**
 * What is wrong with a parsed GraphQL document's cost, if anything: the first limit one of its
 * operations passes, as a message naming it.
 */
export const graphQLCostProblem = (
  document: DocumentNode,
  limits: RequestLimits['graphQL'],
): string | undefined => {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition)
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    const cost = costOf(definition.selectionSet, fragments, limits)
    const over = (
      [
        ['aliases', cost.aliases, limits.aliases, 'aliased fields'],
        ['rootFields', cost.rootFields, limits.rootFields, 'top-level fields'],
        ['depth', cost.depth, limits.depth, 'levels of nesting'],
        ['fields', cost.fields, limits.fields, 'fields'],
      ] as const
    ).find(([, used, limit]) => used > limit)
    if (over) {
      const [name, , limit, what] = over
      return `The query asks for more than ${limit} ${what} (limits.graphQL.${name}); split it into smaller queries.`
    }
  }
  return undefined
}

/**
 * A GraphQL validation rule bounding what one document may ask for: aliases, fields (fragments
 * expanded), selection depth and top-level fields (each a collection query or a mutation of its
 * own). Payload's complexity limit alone let 400 aliased `totalDocs` counts through: 400 SQL
 * round trips in one request. The plugin's GraphQL route (src/exports/routes.ts) checks the same
 * before Payload's handler runs, so that a fragment bomb never reaches Payload's complexity rule
 * (which expands fragments without bound) and the client gets a 400 rather than graphql-http's 200.
 */
export const graphQLCostRule =
  (limits: RequestLimits['graphQL']) =>
  (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const problem = graphQLCostProblem(document, limits)
      if (problem) context.reportError(new GraphQLError(problem, { nodes: [document] }))
      return false
    },
  })
