/**
 * An entry's life: waiting, then offered (a hold on the seats), then accepted or not. A guest's
 * entry (an e-mail address, no account) is `unconfirmed` until the address is confirmed from the
 * mail it was sent (guestEntries.ts); it holds no place in line until then.
 */
export const waitingListStatuses = [
  'unconfirmed',
  'waiting',
  'offered',
  'accepted',
  'expired',
  'declined',
  'left',
  'removed',
  'skipped',
] as const
export type WaitingListStatus = (typeof waitingListStatuses)[number]

/** Statuses of an entry still on the list (one per person, event and type: a unique index). */
export const openWaitingListStatuses: readonly WaitingListStatus[] = ['waiting', 'offered']

/** Who may move an entry where: its person leaves it; staff remove it. The rest is the server's. */
export const entryTransitions: Partial<
  Record<WaitingListStatus, Partial<Record<WaitingListStatus, 'owner' | 'staff'>>>
> = {
  offered: { removed: 'staff' },
  unconfirmed: { removed: 'staff' },
  waiting: { left: 'owner', removed: 'staff' },
}

export type WaitingListEntry = {
  booking?: null | string
  createdAt: string
  email?: null | string
  event: string
  id: string
  offerExpiresAt?: null | string
  offers: number
  priority: number
  quantity: number
  status: WaitingListStatus
  ticketType?: null | string
  user?: null | string
}
