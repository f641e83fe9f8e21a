/**
 * The card network as this service sees it: an outside system reached through this interface.
 * The sandbox in sandbox-processor.ts is the only implementation; a real acquirer would be another.
 */

export interface CardDetails {
  /** As typed by the client (spaces allowed). Used for the decision only, never kept. */
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string;
}

export interface ChargeRequest {
  /** The caller's id for this charge; the same id always gives the same single charge. */
  chargeId: string;
  amount: number;
  currency: string;
  card: CardDetails;
}

export interface ChargeOutcome {
  status: 'SUCCEEDED' | 'DECLINED';
  declineCode?: string;
}

export interface RefundRequest {
  /** The caller's id for this refund; the same id always gives the same single refund. */
  refundId: string;
  chargeId: string;
  amount: number;
}

export interface RefundOutcome {
  refundId: string;
  chargeId: string;
  amount: number;
}

export interface CardProcessor {
  /** Charges the card once per chargeId: a repeated call answers the first decision. */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** The recorded outcome of a charge, or undefined when the processor never saw that chargeId. */
  lookup(chargeId: string): Promise<ChargeOutcome | undefined>;
  /** Gives money back once per refundId; never more than was charged. */
  refund(request: RefundRequest): Promise<RefundOutcome>;
  close(): Promise<void>;
}

export type ProcessorErrorCode =
  'charge_not_found' | 'charge_not_refundable' | 'refund_exceeds_charge' | 'idempotency_mismatch';

/** A request the processor refuses (as opposed to a card it declines, which is a normal outcome). */
export class ProcessorError extends Error {
  constructor(
    readonly code: ProcessorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProcessorError';
  }
}
