import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { KeyValueRows, rowsToRecord, type KeyValueRow } from './KeyValueRows';

function Harness(props: { initial: KeyValueRow[]; max: number; onRows?: (rows: KeyValueRow[]) => void }) {
  const [rows, setRows] = useState(props.initial);
  return (
    <KeyValueRows
      itemName="label"
      ariaPrefix="Label"
      rows={rows}
      max={props.max}
      limitReason="At most 2 labels."
      errorsFor={row => (row.key === 'bad' ? ['Not this key.'] : [])}
      onChange={next => {
        setRows(next);
        props.onRows?.(next);
      }}
    />
  );
}

describe('KeyValueRows', () => {
  it('adds, edits and removes rows', () => {
    const onRows = jest.fn();
    render(<Harness initial={[]} max={5} onRows={onRows} />);
    fireEvent.click(screen.getByRole('button', { name: /Add label/ }));
    fireEvent.change(screen.getByLabelText('Label 1 key'), { target: { value: 'app' } });
    fireEvent.change(screen.getByLabelText('Label 1 value'), { target: { value: 'web' } });
    expect(onRows).toHaveBeenLastCalledWith([{ key: 'app', value: 'web' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove label 1' }));
    expect(onRows).toHaveBeenLastCalledWith([]);
  });

  it('disables adding at the limit and says why', () => {
    render(<Harness initial={[{ key: 'a', value: '1' }]} max={2} />);
    expect(screen.queryByText('At most 2 labels.')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Add label/ }));
    expect(screen.getByRole('button', { name: /Add label/ })).toBeDisabled();
    expect(screen.getByText('At most 2 labels.')).toBeInTheDocument();
  });

  it("shows a row's errors under its key", () => {
    render(<Harness initial={[{ key: 'bad', value: '1' }]} max={5} />);
    expect(screen.getByText('Not this key.')).toBeInTheDocument();
    expect(screen.getByLabelText('Label 1 key')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('rowsToRecord', () => {
  it('keeps rows with a key; the last of equal keys wins', () => {
    expect(
      rowsToRecord([
        { key: 'a', value: '1' },
        { key: '', value: 'x' },
        { key: 'a', value: '2' },
        { key: 'b', value: '' },
      ]),
    ).toEqual({ a: '2', b: '' });
  });
});
