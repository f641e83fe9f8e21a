import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ToastProvider, useToast } from './toast.js';

let show: ReturnType<typeof useToast> = () => {};
function Grab() {
  show = useToast();
  return null;
}

describe('toasts', () => {
  it('when the same toast is asked for twice, then it shows once; when three come at once, then only the two newest show', () => {
    render(
      <ToastProvider>
        <Grab />
      </ToastProvider>,
    );
    act(() => show({ tone: 'info', title: 'Commande 1 expédiée' }));
    act(() => show({ tone: 'info', title: 'Commande 1 expédiée' }));
    expect(screen.getAllByTestId('toast')).toHaveLength(1);

    act(() => show({ tone: 'info', title: 'Commande 2 expédiée' }));
    act(() => show({ tone: 'warning', title: 'Commande 3 annulée' }));
    expect(screen.getAllByTestId('toast').map((toast) => toast.textContent)).toEqual([
      expect.stringContaining('Commande 2 expédiée'),
      expect.stringContaining('Commande 3 annulée'),
    ]);
  });
});
