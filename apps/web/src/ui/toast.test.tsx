import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ToastProvider, useToast } from './toast.js';

let show: ReturnType<typeof useToast> = () => {};
function Grab() {
  show = useToast();
  return null;
}

describe('toasts', () => {
  it('when the same toast is asked for twice, then it shows once; when another comes, then it takes the place of the first', () => {
    render(
      <ToastProvider>
        <Grab />
      </ToastProvider>,
    );
    act(() => show({ tone: 'info', title: 'Commande 1 expédiée' }));
    act(() => show({ tone: 'info', title: 'Commande 1 expédiée' }));
    expect(screen.getAllByTestId('toast')).toHaveLength(1);

    act(() => show({ tone: 'warning', title: 'Commande 2 annulée' }));
    expect(screen.getAllByTestId('toast')).toHaveLength(1);
    expect(screen.getByTestId('toast')).toHaveTextContent('Commande 2 annulée');
  });
});
