import type { Kysely, Selectable, Transaction } from 'kysely';
import type { MailRecipientsTable, NotificationDatabase } from '../db/schema.js';

type Db = Kysely<NotificationDatabase> | Transaction<NotificationDatabase>;

export type MailRecipient = Pick<
  Selectable<MailRecipientsTable>,
  'user_id' | 'email' | 'first_name' | 'locale'
>;

/** Keeps the address and name of an account; a later event about the same account wins. */
export async function saveRecipient(
  trx: Db,
  recipient: { userId: string; email: string; firstName: string | null },
): Promise<void> {
  await trx
    .insertInto('mail_recipients')
    .values({
      user_id: recipient.userId,
      email: recipient.email,
      first_name: recipient.firstName,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        email: recipient.email,
        first_name: recipient.firstName,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function findRecipient(db: Db, userId: string): Promise<MailRecipient | undefined> {
  return db
    .selectFrom('mail_recipients')
    .select(['user_id', 'email', 'first_name', 'locale'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}
