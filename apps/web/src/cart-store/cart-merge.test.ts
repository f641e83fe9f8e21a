import { describe, expect, it } from 'vitest';
import type { Cart, CartItem } from '@souk/contracts';
import { ApiError } from '../api/api-error.js';
import type { SoukApi } from '../api/souk-api.js';
import { mergeGuestCart, planCartMerge } from './cart-merge.js';
import { addGuestLine, readGuestCart, writeGuestCart } from './guest-cart.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

function item(productId: string, quantity: number, stock: number): CartItem {
  return {
    productId,
    name: productId,
    unitPrice: 1000,
    currency: 'MAD',
    quantity,
    lineTotal: 1000 * quantity,
    stock,
    available: stock >= quantity,
  };
}

describe('merging a visitor cart into the server cart', () => {
  it('when both carts hold a product, then the quantities are summed up to the stock', () => {
    const plan = planCartMerge(
      { items: [item(A, 2, 4)] },
      [{ productId: A, quantity: 3 }],
      new Map([[A, 4]]),
    );
    expect(plan.puts).toEqual([{ productId: A, quantity: 4 }]);
  });

  it('when only the visitor has a product, then it is added with its quantity', () => {
    const plan = planCartMerge({ items: [] }, [{ productId: B, quantity: 2 }], new Map([[B, 10]]));
    expect(plan).toEqual({ puts: [{ productId: B, quantity: 2 }], skipped: [] });
  });

  it('when a product is sold out or gone, then it is skipped; when the server line is already at the stock, nothing is sent', () => {
    const plan = planCartMerge(
      { items: [item(A, 5, 5)] },
      [
        { productId: A, quantity: 1 },
        { productId: B, quantity: 1 },
        { productId: C, quantity: 1 },
      ],
      new Map([
        [A, 5],
        [B, 0],
      ]),
    );
    expect(plan.puts).toEqual([]);
    expect(plan.skipped).toEqual([B, C]);
  });

  it('when a line would pass 99 units, then it is capped at the cart limit', () => {
    const plan = planCartMerge(
      { items: [item(A, 90, 500)] },
      [{ productId: A, quantity: 20 }],
      new Map([[A, 500]]),
    );
    expect(plan.puts).toEqual([{ productId: A, quantity: 99 }]);
  });

  it('when merging through the API, then each line is PUT with its merged quantity and failures are counted, not fatal', async () => {
    const puts: Array<[string, number]> = [];
    const server: Cart = { items: [item(A, 1, 3)], total: 1000, currency: 'MAD' };
    const api = {
      cart: {
        get: async () => server,
        setItem: async (productId: string, quantity: number) => {
          if (productId === B) throw new Error('withdrawn');
          puts.push([productId, quantity]);
          return { ...server, items: [item(productId, quantity, 3)] };
        },
      },
      catalog: {
        productsByIds: async () => [
          { id: A, stock: 3 },
          { id: B, stock: 3 },
        ],
      },
    } as unknown as SoukApi;
    const result = await mergeGuestCart(api, [
      { productId: A, quantity: 5 },
      { productId: B, quantity: 1 },
    ]);
    expect(puts).toEqual([[A, 3]]);
    expect(result).toMatchObject({ added: 1, skipped: 1 });
  });

  it('when the shop refuses a merged quantity over its units-per-line limit, then the line is kept at that limit', async () => {
    const puts: Array<[string, number]> = [];
    const server: Cart = { items: [item(A, 4, 50)], total: 4000, currency: 'MAD' };
    const overLimit = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: 'Invalid request',
      problem: { maxUnitsPerLine: 10 },
    });
    const api = {
      cart: {
        get: async () => server,
        setItem: async (productId: string, quantity: number) => {
          if (quantity > 10) throw overLimit;
          puts.push([productId, quantity]);
          return { ...server, items: [item(productId, quantity, 50)] };
        },
      },
      catalog: { productsByIds: async () => [{ id: A, stock: 50 }] },
    } as unknown as SoukApi;
    const result = await mergeGuestCart(api, [{ productId: A, quantity: 12 }]);
    expect(puts).toEqual([[A, 10]]);
    expect(result).toMatchObject({
      added: 1,
      skipped: 0,
      cart: { items: [{ productId: A, quantity: 10 }] },
    });
  });
});

describe('the visitor cart in localStorage', () => {
  it('when a product is added twice, then one line holds the sum, bounded by the stock', () => {
    let lines = addGuestLine([], A, 2, 3);
    lines = addGuestLine(lines, A, 2, 3);
    expect(lines).toEqual([{ productId: A, quantity: 3 }]);
  });

  it('when the stored cart is damaged, then it reads as empty or keeps only valid lines', () => {
    localStorage.setItem('souk.guestCart', '{not json');
    expect(readGuestCart()).toEqual([]);
    localStorage.setItem(
      'souk.guestCart',
      JSON.stringify([
        { productId: A, quantity: 2 },
        { productId: B, quantity: -1 },
        { nope: true },
      ]),
    );
    expect(readGuestCart()).toEqual([{ productId: A, quantity: 2 }]);
    writeGuestCart([]);
    expect(localStorage.getItem('souk.guestCart')).toBeNull();
  });
});
