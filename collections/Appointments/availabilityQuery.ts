import type { Config, PayloadRequest } from 'payload'

import { availability, availabilityArgs } from './availabilityEndpoint'

type GraphQLExtension = NonNullable<NonNullable<Config['graphQL']>['queries']>

/**
 * `Availability(service, venue, from, to, resource, detail)`: the REST free-slot search over GraphQL, with
 * the same checks (a bad argument is an error naming it) and the same answer.
 */
export const availabilityQuery: GraphQLExtension = (GraphQL) => {
  const { GraphQLID, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString } =
    GraphQL
  const slot = new GraphQLObjectType({
    fields: {
      end: { type: new GraphQLNonNull(GraphQLString) },
      local: { type: new GraphQLNonNull(GraphQLString) },
      resources: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
      start: { type: new GraphQLNonNull(GraphQLString) },
    },
    name: 'AvailabilitySlot',
  })
  const result = new GraphQLObjectType({
    fields: {
      from: { type: GraphQLString },
      gridMinutes: { type: GraphQLInt },
      slots: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(slot))) },
      timeZone: { type: GraphQLString },
      to: { type: GraphQLString },
    },
    name: 'Availability',
  })
  return {
    Availability: {
      args: {
        detail: { type: GraphQLString },
        from: { type: new GraphQLNonNull(GraphQLString) },
        resource: { type: GraphQLID },
        service: { type: new GraphQLNonNull(GraphQLID) },
        to: { type: new GraphQLNonNull(GraphQLString) },
        venue: { type: new GraphQLNonNull(GraphQLID) },
      },
      resolve: (
        _source: unknown,
        args: Record<string, unknown>,
        context: { req: PayloadRequest },
      ) => availability(context.req, availabilityArgs(context.req, args)),
      type: result,
    },
  }
}
