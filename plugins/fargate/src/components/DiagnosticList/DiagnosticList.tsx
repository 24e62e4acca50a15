import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import type { Diagnostic } from '@fargatekeeper/core';

function where(diagnostic: Diagnostic): string {
  const parts = [];
  if (diagnostic.source) parts.push(`${diagnostic.source.file}:${diagnostic.source.line}`);
  if (diagnostic.path) parts.push(diagnostic.path);
  return parts.join(' ');
}

/** Core's findings as a list: severity and code, the message, where, and the hint if any. */
export function DiagnosticList(props: { diagnostics: Diagnostic[] }) {
  return (
    <List dense disablePadding>
      {props.diagnostics.map((diagnostic, index) => (
        <ListItem key={index} disableGutters>
          <ListItemText
            primary={`${diagnostic.severity}: ${diagnostic.message}`}
            secondary={[where(diagnostic), diagnostic.hint, diagnostic.code].filter(Boolean).join(' · ')}
          />
        </ListItem>
      ))}
    </List>
  );
}
