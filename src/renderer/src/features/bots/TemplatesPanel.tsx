import { FormDialog } from '../../components/FormDialog';
import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutlineOutlined from '@mui/icons-material/DeleteOutlineOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { methods } from '../../../../shared/contract';
import type { MethodInput } from '../../../../shared/contract';
import type { MessageTemplate } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteContent } from '../../components/RemoteContent';
import { capitalise, formatDateTime } from '../../lib/format';
import { placeholderCount } from '../../lib/templates';
import { useCall } from '../../lib/useCall';
import { validate } from '../../lib/validation';

const CATEGORIES = ['utility', 'marketing', 'authentication'] as const;
type TemplateDraft = Required<Omit<MethodInput<'saveTemplate'>, 'id'>> & { id?: string };

/**
 * The message templates approved at Meta: the only thing that can be sent once a voter's
 * 24-hour window has closed. They are entered here exactly as approved.
 */
export function TemplatesPanel({ canEdit }: { canEdit: boolean }) {
  const { api } = useClient();
  const templates = useRemote(useCallback(() => api.listTemplates({}), [api]));
  const [editing, setEditing] = useState<MessageTemplate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<MessageTemplate | null>(null);

  return (
    <Stack spacing={2} data-testid="templates-panel">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          Outside the 24-hour window WhatsApp only delivers templates approved in Meta’s WhatsApp
          Manager. Add each one here with the same name, language and body.
        </Typography>
        <Button
          variant="contained"
          startIcon={<AddOutlined />}
          onClick={() => setEditing('new')}
          disabled={!canEdit}
          data-testid="template-add"
        >
          Add template
        </Button>
      </Stack>
      <RemoteContent
        remote={templates}
        loadingLabel="Loading templates…"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            title="No templates yet"
            hint="Without an approved template, operators cannot write to a voter whose 24-hour window has closed. Add the templates approved for your number."
          />
        }
      >
        {(list) => (
          <Card>
            <Table size="small" aria-label="Message templates">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Language</TableCell>
                  <TableCell>Category</TableCell>
                  <TableCell>Body</TableCell>
                  <TableCell>Added</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((t) => (
                  <TableRow key={t.id} data-testid="template-row">
                    <TableCell>
                      <code>{t.name}</code>
                    </TableCell>
                    <TableCell>{t.language}</TableCell>
                    <TableCell>{capitalise(t.category)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'pre-wrap', maxWidth: 420 }}>{t.body}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(t.createdAt)}
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title="Edit">
                        <span>
                          <IconButton
                            aria-label={`Edit ${t.name}`}
                            onClick={() => setEditing(t)}
                            disabled={!canEdit}
                          >
                            <EditOutlined />
                          </IconButton>
                        </span>
                      </Tooltip>
                      <Tooltip title="Delete">
                        <span>
                          <IconButton
                            aria-label={`Delete ${t.name}`}
                            onClick={() => setDeleting(t)}
                            disabled={!canEdit}
                          >
                            <DeleteOutlineOutlined />
                          </IconButton>
                        </span>
                      </Tooltip>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Card>
        )}
      </RemoteContent>
      {editing ? (
        <TemplateDialog
          template={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            templates.reload();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the template ${deleting?.name ?? ''}?`}
        confirmLabel="Delete"
        testId="template-delete-dialog"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.deleteTemplate({ id: deleting.id });
          templates.reload();
        }}
      >
        Operators will no longer be able to send it. The template stays approved at Meta; you can
        add it again later.
      </ConfirmDialog>
    </Stack>
  );
}

function TemplateDialog({
  template,
  onClose,
  onSaved,
}: {
  template: MessageTemplate | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { api } = useClient();
  const [draft, setDraft] = useState<TemplateDraft>(() =>
    template
      ? {
          id: template.id,
          name: template.name,
          language: template.language,
          category: template.category,
          body: template.body,
        }
      : { name: '', language: 'ta', category: 'utility', body: '' },
  );
  const { busy, error, fields, setFields, clear, run } = useCall();
  const set = <K extends keyof TemplateDraft>(k: K, v: TemplateDraft[K]) =>
    setDraft((d) => ({ ...d, [k]: v }));

  const save = async () => {
    const parsed = validate(methods.saveTemplate.input, draft);
    clear();
    if (!parsed.ok) {
      setFields(parsed.fields);
      return;
    }
    await run(async () => {
      await api.saveTemplate(parsed.value);
      onSaved();
    });
  };

  const count = placeholderCount(draft.body);
  return (
    <FormDialog
      title={template ? `Edit ${template.name}` : 'Add an approved template'}
      testId="template-editor"
      busy={busy}
      onClose={onClose}
      onSave={() => void save()}
      saveLabel="Save template"
      saveTestId="template-save"
    >
      {error ? <ErrorAlert error={error} /> : null}
      <TextField
        data-testid="template-name"
        label="Name (as approved at Meta)"
        required
        value={draft.name}
        onChange={(e) => set('name', e.target.value)}
        error={!!fields.name}
        helperText={fields.name ?? 'Lowercase letters, digits and underscores, e.g. follow_up_ta.'}
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
      <Stack direction="row" spacing={2}>
        <TextField
          data-testid="template-language"
          label="Language code"
          required
          value={draft.language}
          onChange={(e) => set('language', e.target.value)}
          error={!!fields.language}
          helperText={fields.language ?? 'ta, hi, te, en or en_US: as approved.'}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
        <TextField
          select
          label="Category"
          value={draft.category}
          onChange={(e) => set('category', e.target.value as TemplateDraft['category'])}
          error={!!fields.category}
          helperText={fields.category}
          sx={{ flex: 1 }}
        >
          {CATEGORIES.map((c) => (
            <MenuItem key={c} value={c}>
              {capitalise(c)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <TextField
        data-testid="template-body"
        label="Body"
        required
        multiline
        minRows={4}
        value={draft.body}
        onChange={(e) => set('body', e.target.value)}
        error={!!fields.body}
        helperText={
          fields.body ??
          `Paste the approved text. Placeholders {{1}}, {{2}}… are filled in by the operator (${count} found).`
        }
        slotProps={{ htmlInput: { maxLength: 1024 } }}
      />
      {Object.entries(fields)
        .filter(([k]) => !['name', 'language', 'category', 'body'].includes(k))
        .map(([k, v]) => (
          <Alert key={k} severity="error">
            {k}: {v}
          </Alert>
        ))}
    </FormDialog>
  );
}
