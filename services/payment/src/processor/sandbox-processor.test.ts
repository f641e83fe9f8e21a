import { randomUUID } from 'node:crypto';
import { createDatabase, createLogger, migrate, type Database } from '@souk/platform';
import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '@souk/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../db/migrations.js';
import type { PaymentDatabase } from '../db/schema.js';
import { ProcessorError, type CardDetails, type CardProcessor } from './card-processor.js';
import { decideCharge } from './sandbox-decisions.js';
import { createSandboxProcessor } from './sandbox-processor.js';

const now = new Date('2026-03-15T12:00:00Z');
const card = (number: string, overrides: Partial<CardDetails> = {}): CardDetails => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  holderName: 'Amina Idrissi',
  ...overrides,
});

describe('sandbox card decisions', () => {
  it('when the card is 4242 4242 4242 4242, then it succeeds', () => {
    expect(decideCharge(card('4242 4242 4242 4242'), now)).toEqual({ status: 'SUCCEEDED' });
  });

  it('when the card is 4000 0000 0000 0002, then it is declined card_declined', () => {
    expect(decideCharge(card('4000 0000 0000 0002'), now)).toEqual({
      status: 'DECLINED',
      declineCode: 'card_declined',
    });
  });

  it('when the card is 4000 0000 0000 9995, then it is declined insufficient_funds', () => {
    expect(decideCharge(card('4000000000009995'), now)).toEqual({
      status: 'DECLINED',
      declineCode: 'insufficient_funds',
    });
  });

  it('when the card expired last month, then it is declined expired_card; this month it still works', () => {
    expect(decideCharge(card('4242424242424242', { expMonth: 2, expYear: 2026 }), now)).toEqual({
      status: 'DECLINED',
      declineCode: 'expired_card',
    });
    expect(decideCharge(card('4242424242424242', { expMonth: 3, expYear: 2026 }), now)).toEqual({
      status: 'SUCCEEDED',
    });
  });

  it('when any other Luhn-valid number is used, then the permissive sandbox accepts it', () => {
    expect(decideCharge(card('5555 5555 5555 4444'), now)).toEqual({ status: 'SUCCEEDED' });
    expect(decideCharge(card('378282246310005'), now)).toEqual({ status: 'SUCCEEDED' });
  });

  it('when the number fails Luhn, then the processor declines it incorrect_number', () => {
    expect(decideCharge(card('4242424242424241'), now)).toEqual({
      status: 'DECLINED',
      declineCode: 'incorrect_number',
    });
  });
});

describe('sandbox card processor ledger', () => {
  let testDb: TestDatabase;
  let database: Database<PaymentDatabase>;
  let processor: CardProcessor;

  beforeAll(async () => {
    testDb = await createTestDatabase(testDatabaseServerUrl(), 'payment_processor');
    database = createDatabase<PaymentDatabase>({
      url: testDb.url,
      logger: createLogger({ name: 'test', level: 'silent' }),
      poolMax: 2,
    });
    await migrate(database.db, migrations, createLogger({ name: 'test', level: 'silent' }));
    processor = createSandboxProcessor({ url: testDb.url, now: () => now });
  });
  afterAll(async () => {
    await processor?.close();
    await database?.close();
    await testDb?.drop();
  });

  const chargesOf = (chargeId: string) =>
    database.db
      .selectFrom('processor_charges')
      .selectAll()
      .where('charge_id', '=', chargeId)
      .execute();

  it('when the same chargeId is charged ten times at once, then one charge is recorded and every answer is the first', async () => {
    const chargeId = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        processor.charge({
          chargeId,
          amount: 12_900,
          currency: 'MAD',
          card: card('4242 4242 4242 4242'),
        }),
      ),
    );
    expect(outcomes).toEqual(Array(10).fill({ status: 'SUCCEEDED' }));
    const rows = await chargesOf(chargeId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      amount: 12_900,
      currency: 'MAD',
      card_brand: 'visa',
      card_last4: '4242',
      status: 'SUCCEEDED',
    });
  });

  it('when a declined chargeId is charged again with a good card, then the first decision stands', async () => {
    const chargeId = randomUUID();
    expect(
      await processor.charge({
        chargeId,
        amount: 500,
        currency: 'MAD',
        card: card('4000000000009995'),
      }),
    ).toEqual({
      status: 'DECLINED',
      declineCode: 'insufficient_funds',
    });
    expect(
      await processor.charge({
        chargeId,
        amount: 500,
        currency: 'MAD',
        card: card('4242424242424242'),
      }),
    ).toEqual({
      status: 'DECLINED',
      declineCode: 'insufficient_funds',
    });
    expect(await chargesOf(chargeId)).toHaveLength(1);
  });

  it('when a chargeId is reused with another amount, then the processor refuses it', async () => {
    const chargeId = randomUUID();
    await processor.charge({
      chargeId,
      amount: 500,
      currency: 'MAD',
      card: card('4242424242424242'),
    });
    await expect(
      processor.charge({ chargeId, amount: 501, currency: 'MAD', card: card('4242424242424242') }),
    ).rejects.toMatchObject({
      code: 'idempotency_mismatch',
    });
  });

  it('when a charge is looked up, then its outcome comes back; an unknown chargeId gives undefined', async () => {
    const chargeId = randomUUID();
    await processor.charge({
      chargeId,
      amount: 700,
      currency: 'MAD',
      card: card('4000 0000 0000 0002'),
    });
    expect(await processor.lookup(chargeId)).toEqual({
      status: 'DECLINED',
      declineCode: 'card_declined',
    });
    expect(await processor.lookup(randomUUID())).toBeUndefined();
  });

  it('when the same refundId is sent five times at once, then one refund is recorded', async () => {
    const chargeId = randomUUID();
    const refundId = randomUUID();
    await processor.charge({
      chargeId,
      amount: 9_000,
      currency: 'MAD',
      card: card('4242424242424242'),
    });
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => processor.refund({ refundId, chargeId, amount: 9_000 })),
    );
    expect(outcomes).toEqual(Array(5).fill({ refundId, chargeId, amount: 9_000 }));
    const refunds = await database.db
      .selectFrom('processor_refunds')
      .selectAll()
      .where('charge_id', '=', chargeId)
      .execute();
    expect(refunds).toHaveLength(1);
  });

  it('when a second refund would give back more than was charged, then it is refused', async () => {
    const chargeId = randomUUID();
    await processor.charge({
      chargeId,
      amount: 1_000,
      currency: 'MAD',
      card: card('4242424242424242'),
    });
    await processor.refund({ refundId: randomUUID(), chargeId, amount: 1_000 });
    const error = await processor
      .refund({ refundId: randomUUID(), chargeId, amount: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProcessorError);
    expect(error).toMatchObject({ code: 'refund_exceeds_charge' });
  });

  it('when a declined or unknown charge is refunded, then the processor refuses it', async () => {
    const declined = randomUUID();
    await processor.charge({
      chargeId: declined,
      amount: 1_000,
      currency: 'MAD',
      card: card('4000000000000002'),
    });
    await expect(
      processor.refund({ refundId: randomUUID(), chargeId: declined, amount: 1_000 }),
    ).rejects.toMatchObject({ code: 'charge_not_refundable' });
    await expect(
      processor.refund({ refundId: randomUUID(), chargeId: randomUUID(), amount: 1 }),
    ).rejects.toMatchObject({ code: 'charge_not_found' });
  });

  it('when cards are charged, then the ledger holds no card number or CVC', async () => {
    const chargeId = randomUUID();
    await processor.charge({
      chargeId,
      amount: 100,
      currency: 'MAD',
      card: card('5555 5555 5555 4444', { cvc: '8642' }),
    });
    const rows = await database.db.selectFrom('processor_charges').selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('5555555555554444');
    expect(dump).not.toContain('5555 5555 5555 4444');
    expect(dump).not.toMatch(/(?<![\w-])8642(?![\w-])/);
    expect(rows.find((row) => row.charge_id === chargeId)).toMatchObject({
      card_brand: 'mastercard',
      card_last4: '4444',
    });
  });
});
