import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Button } from './button.js';

/** A form whose submit button is busy until the test says the work is done. */
function Form({ onSubmit }: { onSubmit(): void }) {
  const [busy, setBusy] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
        setBusy(true);
      }}
    >
      <input aria-label="Name" />
      <Button type="submit" loading={busy}>
        Save
      </Button>
      <button type="button" onClick={() => setBusy(false)}>
        Done
      </button>
    </form>
  );
}

describe('Button while loading', () => {
  it('when a keyboard user submits with the button, then focus stays on it while it is busy and a second press does not submit again', async () => {
    let submitted = 0;
    render(<Form onSubmit={() => (submitted += 1)} />);
    const save = screen.getByRole('button', { name: 'Save' });
    save.focus();
    await userEvent.keyboard('{Enter}');

    expect(save).toHaveAttribute('aria-busy', 'true');
    expect(save).toHaveAttribute('aria-disabled', 'true');
    expect(save).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.click(save);
    await userEvent.type(screen.getByLabelText('Name'), 'Amina{Enter}');
    expect(submitted).toBe(1);

    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(save).not.toHaveAttribute('aria-busy');
    await userEvent.click(save);
    expect(submitted).toBe(2);
  });
});
