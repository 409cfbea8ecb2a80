import type { Access } from 'payload'

import { hasRole } from './roles'

/**
 * Payments and refunds are read like their bookings: the customer their own, organizers those
 * of their events, admins all. Nobody writes them through the API: the payment endpoints do.
 */
export const readPayments: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  const own = { 'booking.user': { equals: req.user.id } }
  if (hasRole(req, 'organizer')) {
    return { or: [own, { 'booking.event.organizer': { equals: req.user.id } }] }
  }
  return own
}
