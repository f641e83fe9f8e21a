import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n.js';
import { BarList, ColumnChart, niceTicks } from './charts.js';

const days = [
  { label: '1 Mar', value: 0 },
  { label: '2 Mar', value: 12_500 },
  { label: '3 Mar', value: 40_000 },
];

function renderChart(data: typeof days) {
  return render(
    <I18nProvider initialLocale="en">
      <ColumnChart
        title="Revenue per day"
        description="Revenue over 3 days. Total: MAD 525.00."
        data={data}
        formatValue={(value) => `MAD ${(value / 100).toFixed(2)}`}
        emptyText="No sales in this period."
        labelHeader="Day"
        valueHeader="Revenue"
      />
    </I18nProvider>,
  );
}

describe('charts', () => {
  it('when there is data, then the chart is one labelled image with a bar per day, each with its value, and the same data as a table', () => {
    renderChart(days);
    const image = screen.getByRole('img', { name: 'Revenue per day' });
    expect(image).toHaveAccessibleDescription('Revenue over 3 days. Total: MAD 525.00.');
    const bars = image.querySelectorAll('rect.adm-chart__bar');
    expect([...bars].map((bar) => bar.getAttribute('data-value'))).toEqual(['0', '12500', '40000']);
    expect([...bars].map((bar) => bar.querySelector('title')?.textContent)).toEqual([
      '1 Mar: MAD 0.00',
      '2 Mar: MAD 125.00',
      '3 Mar: MAD 400.00',
    ]);
    // The tallest bar reaches higher than the smaller one.
    expect(Number(bars[2]!.getAttribute('height'))).toBeGreaterThan(
      Number(bars[1]!.getAttribute('height')),
    );

    const table = screen.getByRole('table', { name: 'Revenue per day' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(['1 MarMAD 0.00', '2 MarMAD 125.00', '3 MarMAD 400.00']);
    expect(screen.queryByTestId('chart-empty')).not.toBeInTheDocument();
  });

  it('when every value is zero, then the empty message is shown instead of an empty axis', () => {
    renderChart(days.map((day) => ({ ...day, value: 0 })));
    expect(screen.getByTestId('chart-empty')).toHaveTextContent('No sales in this period.');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('when bars are listed (orders by status), then each row reads its label and value, and an empty list says so', () => {
    const { rerender } = render(
      <BarList
        title="Orders by status"
        emptyText="No orders in this period."
        items={[
          { key: 'PAID', label: 'Paid', value: 8, display: '8' },
          { key: 'SHIPPED', label: 'Shipped', value: 2, display: '2' },
        ]}
      />,
    );
    const list = screen.getByRole('list', { name: 'Orders by status' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Paid8', 'Shipped2']);
    rerender(
      <BarList
        title="Orders by status"
        emptyText="No orders in this period."
        items={[{ key: 'PAID', label: 'Paid', value: 0, display: '0' }]}
      />,
    );
    expect(screen.getByTestId('chart-empty')).toHaveTextContent('No orders in this period.');
  });

  it('axis steps are round numbers that cover the largest value', () => {
    expect(niceTicks(40_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(1)).toEqual([0, 0.5, 1]);
    expect(niceTicks(1, 4, true)).toEqual([0, 1]);
    expect(niceTicks(3, 4, true)).toEqual([0, 1, 2, 3]);
  });
});
