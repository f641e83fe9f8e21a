import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { isTransitionAllowed, ORDER_STATUSES, type Order, type OrderStatus } from '@souk/contracts';
import { fakeApi, renderAdmin } from '../test/admin-harness.js';
import { OrderActions } from './order-actions.js';

const ID = 'abcdef12-3456-4789-8abc-def012345678';

function order(status: OrderStatus): Order {
  return {
    id: ID,
    userId: '99999999-9999-4999-8999-999999999999',
    status,
    items: [
      {
        productId: '11111111-1111-4111-8111-111111111111',
        name: 'Tajine',
        unitPrice: 25000,
        quantity: 1,
        lineTotal: 25000,
      },
    ],
    total: 25000,
    currency: 'MAD',
    shippingAddress: {
      fullName: 'Amina',
      line1: '1 rue',
      city: 'Fès',
      postalCode: '30000',
      country: 'MA',
    },
    paymentId: null,
    payBy: '2025-01-01T00:30:00.000Z',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    history: [{ status, at: '2025-01-01T00:00:00.000Z' }],
  };
}

function renderActions(status: OrderStatus, fake = fakeApi({})) {
  const changes: Order[] = [];
  let conflicts = 0;
  renderAdmin(
    <OrderActions
      order={order(status)}
      onChanged={(next) => changes.push(next)}
      onConflict={() => conflicts++}
    />,
    { url: '/', path: '/', fetch: fake.fetch },
  );
  return { changes, conflicts: () => conflicts, fake };
}

const buttonNames = () =>
  within(screen.getByTestId('order-actions'))
    .queryAllByRole('button')
    .map((button) => button.textContent);

describe('order actions per status', () => {
  it.each([
    ['PENDING', ['Cancel the order']],
    ['AWAITING_PAYMENT', ['Cancel the order']],
    ['PAID', ['Mark as shipped', 'Cancel and refund']],
    ['SHIPPED', ['Mark as delivered', 'Cancel and refund']],
    ['DELIVERED', []],
    ['CANCELLED', []],
    ['REJECTED', []],
  ] as Array<[OrderStatus, string[]]>)(
    'when the order is %s, then the buttons are %j',
    (status, expected) => {
      renderActions(status);
      expect(buttonNames()).toEqual(expected);
      if (expected.length === 0)
        expect(
          screen.getByText('This order is closed: nothing more can be done.'),
        ).toBeInTheDocument();
    },
  );

  it.each(ORDER_STATUSES)(
    'when the order is %s, then the buttons offered are exactly the changes the order service accepts from an admin',
    (status) => {
      renderActions(status);
      const names = buttonNames();
      expect(names.includes('Mark as shipped')).toBe(
        isTransitionAllowed(status, 'SHIPPED', 'admin'),
      );
      expect(names.includes('Mark as delivered')).toBe(
        isTransitionAllowed(status, 'DELIVERED', 'admin'),
      );
      expect(names.some((name) => name?.startsWith('Cancel'))).toBe(
        isTransitionAllowed(status, 'CANCELLED', 'admin'),
      );
    },
  );

  it('when a paid order is marked shipped, then the service is asked for SHIPPED and the page gets the new order', async () => {
    const fake = fakeApi({
      [`PATCH /api/orders/${ID}/status`]: (call) => ({
        body: { ...order('SHIPPED'), status: (call.body as { status: OrderStatus }).status },
      }),
    });
    const { changes } = renderActions('PAID', fake);
    fireEvent.click(screen.getByRole('button', { name: 'Mark as shipped' }));
    await waitFor(() => expect(changes).toHaveLength(1));
    expect(fake.calls.at(-1)?.body).toEqual({ status: 'SHIPPED' });
    expect(changes[0]?.status).toBe('SHIPPED');
  });

  it('when shipping answers 409 because the client cancelled meanwhile, then the message names the status it has now and the page reloads', async () => {
    const fake = fakeApi({
      [`PATCH /api/orders/${ID}/status`]: {
        status: 409,
        problem: {
          code: 'conflict',
          detail: 'An order that is CANCELLED cannot become SHIPPED',
          currentStatus: 'CANCELLED',
        },
      },
    });
    const { conflicts } = renderActions('PAID', fake);
    fireEvent.click(screen.getByRole('button', { name: 'Mark as shipped' }));
    expect(
      await screen.findByText(
        'The order is now “Cancelled”: “Mark as shipped” is no longer possible. The page shows its current state.',
      ),
    ).toBeInTheDocument();
    expect(conflicts()).toBe(1);
  });

  it('when the cancel dialog opens, then the way out reads "Keep the order", never a second "Cancel", and keeps it', async () => {
    const fake = fakeApi({});
    const { changes } = renderActions('PAID', fake);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel and refund' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel order #ABCDEF12?' });
    const names = within(dialog)
      .getAllByRole('button')
      .map((button) => button.textContent);
    expect(names).toContain('Keep the order');
    expect(names.filter((name) => name?.startsWith('Cancel'))).toEqual(['Cancel and refund']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep the order' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(changes).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  it('when a paid order is cancelled, then the dialog says the amount is refunded, and the reason is sent', async () => {
    const fake = fakeApi({ [`POST /api/orders/${ID}/cancel`]: { body: order('CANCELLED') } });
    const { changes } = renderActions('PAID', fake);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel and refund' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel order #ABCDEF12?' });
    expect(dialog).toHaveTextContent('the payment of MAD 250.00 is refunded to the client');
    fireEvent.change(
      within(dialog).getByLabelText('Reason (shown to the client)', { exact: false }),
      { target: { value: 'Out of stock at the workshop' } },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel and refund' }));
    await waitFor(() => expect(changes).toHaveLength(1));
    expect(fake.calls.at(-1)?.body).toEqual({ reason: 'Out of stock at the workshop' });
  });
});
