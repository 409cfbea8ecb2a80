import type { Config, PayloadRequest } from 'payload'

import { checkIn, parseCheckIn } from '../CheckIns/checkIn'
import { slugs } from '../../src/slugs'
import { book } from './operations/book'

type GraphQLExtension = NonNullable<NonNullable<Config['graphQL']>['mutations']>

/**
 * GraphQL's booking and door mutations, through the same operations as REST:
 * - `createBooking(data: BookingInput!)` replaces Payload's own (whose input demanded a `status`
 *   it then ignored): the input holds only what a client may send;
 * - `checkIn(event, code | reference, nonce, gate)` answers admitted or refused, with why, as data.
 */
export const ticketingMutations: GraphQLExtension = (GraphQL, { collections }) => {
  const bookingType = collections[slugs.bookings]?.graphQL?.type
  if (!bookingType) return {}
  const {
    GraphQLInputObjectType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
  } = GraphQL
  const line = new GraphQLInputObjectType({
    fields: {
      attendees: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
      quantity: { type: new GraphQLNonNull(GraphQLInt) },
      ticketType: { type: GraphQLString },
    },
    name: 'BookingLineInput',
  })
  const input = new GraphQLInputObjectType({
    description: '`seats` for an event without ticket types, or `lines`, one per ticket type.',
    fields: {
      accessCode: { type: GraphQLString },
      event: { type: new GraphQLNonNull(GraphQLString) },
      idempotencyKey: { type: GraphQLString },
      lines: { type: new GraphQLList(new GraphQLNonNull(line)) },
      seats: { type: GraphQLInt },
      user: { description: 'Admins only: book for this account.', type: GraphQLString },
    },
    name: 'BookingInput',
  })
  const scannedTicket = new GraphQLObjectType({
    fields: {
      attendeeName: { type: GraphQLString },
      bookingReference: { type: GraphQLString },
      id: { type: GraphQLString },
      ticketType: { type: GraphQLString },
    },
    name: 'ScannedTicket',
  })
  const outcome = new GraphQLObjectType({
    fields: {
      admittedAt: { type: GraphQLString },
      checkInId: { type: GraphQLString },
      gate: { type: GraphQLString },
      message: { type: new GraphQLNonNull(GraphQLString) },
      reason: { type: GraphQLString },
      result: { type: new GraphQLNonNull(GraphQLString) },
      ticket: { type: scannedTicket },
    },
    name: 'CheckInResult',
  })
  return {
    checkIn: {
      args: {
        code: { type: GraphQLString },
        event: { type: new GraphQLNonNull(GraphQLString) },
        gate: { type: GraphQLString },
        nonce: { type: GraphQLString },
        reference: { type: GraphQLString },
      },
      resolve: (
        _source: unknown,
        args: Record<string, unknown>,
        context: { req: PayloadRequest },
      ) => checkIn(context.req, parseCheckIn(context.req, args)),
      type: outcome,
    },
    createBooking: {
      args: { data: { type: new GraphQLNonNull(input) } },
      resolve: async (
        _source: unknown,
        args: { data: Record<string, unknown> },
        context: { req: PayloadRequest },
      ) => (await book(context.req, { ...args.data })).doc,
      type: bookingType,
    },
  }
}
