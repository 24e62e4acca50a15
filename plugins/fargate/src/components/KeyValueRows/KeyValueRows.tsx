import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';

export interface KeyValueRow {
  key: string;
  value: string;
}

/** `{ a: 'b' }` from rows, skipping rows without a key (the form reports those separately). */
export function rowsToRecord(rows: KeyValueRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.key !== '') record[row.key] = row.value;
  return record;
}

/**
 * Editable `key = value` rows (labels, tags) with add and remove. At `max` rows the add button is
 * disabled and says why, so the EKS limits are visible before anything is sent.
 */
export function KeyValueRows(props: {
  /** What one row is, for labels and messages: "label", "tag". */
  itemName: string;
  /** Prefix of the inputs' accessible names, e.g. "Selector 1 label". */
  ariaPrefix: string;
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  max: number;
  limitReason: string;
  disabled?: boolean;
  errorsFor?: (row: KeyValueRow, index: number) => string[];
}) {
  const { rows, onChange, max, disabled } = props;
  const atLimit = rows.length >= max;
  const update = (index: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const addButton = (
    <Button
      size="small"
      startIcon={<AddIcon />}
      disabled={disabled || atLimit}
      onClick={() => onChange([...rows, { key: '', value: '' }])}
    >
      Add {props.itemName}
    </Button>
  );
  return (
    <Box>
      {rows.map((row, index) => {
        const errors = props.errorsFor?.(row, index) ?? [];
        const n = index + 1;
        return (
          <Box key={index} display="flex" alignItems="flex-start" style={{ gap: 8 }} mb={1}>
            <TextField
              size="small"
              variant="outlined"
              label="Key"
              value={row.key}
              disabled={disabled}
              error={errors.length > 0}
              helperText={errors.join(' ') || undefined}
              inputProps={{ 'aria-label': `${props.ariaPrefix} ${n} key` }}
              onChange={e => update(index, { key: e.target.value })}
            />
            <TextField
              size="small"
              variant="outlined"
              label="Value"
              value={row.value}
              disabled={disabled}
              inputProps={{ 'aria-label': `${props.ariaPrefix} ${n} value` }}
              onChange={e => update(index, { value: e.target.value })}
            />
            <IconButton
              size="small"
              aria-label={`Remove ${props.ariaPrefix.toLowerCase()} ${n}`}
              disabled={disabled}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        );
      })}
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        {addButton}
        {atLimit && (
          <Typography variant="caption" color="textSecondary">
            {props.limitReason}
          </Typography>
        )}
      </Box>
    </Box>
  );
}
