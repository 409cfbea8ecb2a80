import type { PaymentAdapter } from './paymentAdapter'

/**
 * Bank transfer or pay at the door: the customer is told how to pay (with the booking reference),
 * and staff mark the booking paid with `POST /api/bookings/:id/mark-paid` once the money is
 * there. A refund is money staff hand back themselves: it is recorded as done.
 */
export const manualPaymentAdapter = ({
  instructions = 'Pay by bank transfer with your booking reference, or at the door.',
  label = 'Bank transfer or at the door',
}: { instructions?: string; label?: string } = {}): PaymentAdapter => ({
  createCheckout: async ({ booking, paymentId }) => ({
    checkoutUrl: null,
    instructions: booking.reference
      ? `${instructions} Reference: ${booking.reference}.`
      : instructions,
    providerPaymentId: `manual-${paymentId}`,
  }),
  label,
  manual: true,
  name: 'manual',
  refund: async ({ refundId }) => ({ providerRefundId: `manual-${refundId}`, status: 'done' }),
})
