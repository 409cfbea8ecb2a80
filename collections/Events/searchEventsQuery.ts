import type { Config, PayloadRequest } from 'payload'

import { slugs } from '../../src/slugs'
import { searchEvents } from './searchEvents'

type GraphQLExtension = NonNullable<NonNullable<Config['graphQL']>['queries']>

/** `SearchEvents(q, limit, page)`: the REST search over GraphQL, same ranking and access. */
export const searchEventsQuery: GraphQLExtension = (GraphQL, { collections }) => {
  const eventType = collections[slugs.events]?.graphQL?.type
  if (!eventType) return {}
  const result = new GraphQL.GraphQLObjectType({
    fields: {
      docs: { type: new GraphQL.GraphQLList(eventType) },
      limit: { type: GraphQL.GraphQLInt },
      page: { type: GraphQL.GraphQLInt },
      totalDocs: { type: GraphQL.GraphQLInt },
      totalPages: { type: GraphQL.GraphQLInt },
    },
    name: 'EventSearchResult',
  })
  return {
    SearchEvents: {
      args: {
        limit: { defaultValue: 10, type: GraphQL.GraphQLInt },
        page: { defaultValue: 1, type: GraphQL.GraphQLInt },
        q: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLString) },
      },
      resolve: (
        _source: unknown,
        args: { limit: number; page: number; q: string },
        context: { req: PayloadRequest },
      ) =>
        searchEvents(context.req, {
          depth: 0, // GraphQL resolves relationships itself
          limit: Math.min(50, Math.max(1, args.limit)),
          page: Math.max(1, args.page),
          q: args.q,
        }),
      type: result,
    },
  }
}
