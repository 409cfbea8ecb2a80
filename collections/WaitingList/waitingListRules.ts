/** An entry's life: waiting, then offered (a hold on the seats), then accepted or not. */
export const waitingListStatuses = [
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
  waiting: { left: 'owner', removed: 'staff' },
}

export type WaitingListEntry = {
  booking?: null | string
  createdAt: string
  event: string
  id: string
  offerExpiresAt?: null | string
  offers: number
  priority: number
  quantity: number
  status: WaitingListStatus
  ticketType?: null | string
  user: string
}
