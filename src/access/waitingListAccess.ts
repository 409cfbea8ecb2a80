import type { Access } from 'payload'

import { readBookings } from './bookingAccess'

/**
 * People read their own entries; organizers those of their events; admins all: the same rule as
 * for bookings (a `user` and an `event` whose organizer manages it).
 */
export const readWaitingList: Access = readBookings

/**
 * People change their own entries (only to leave the list: the hook allows no more); organizers
 * those of their events (priority, removal); admins all.
 */
export const updateWaitingList: Access = readBookings
