import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { Selector } from '@fargatekeeper/core';

/** A profile's selectors: each namespace with its labels as `key=value` chips. */
export function SelectorList(props: { selectors: Selector[] }) {
  if (props.selectors.length === 0) return <Typography variant="body2">none</Typography>;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      {props.selectors.map((selector, index) => (
        <Box key={index} display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 4 }}>
          <Typography variant="body2" component="span">
            <strong>{selector.namespace}</strong>
          </Typography>
          {Object.entries(selector.labels ?? {}).map(([key, value]) => (
            <Chip key={key} size="small" variant="outlined" label={`${key}=${value}`} />
          ))}
        </Box>
      ))}
    </Box>
  );
}
