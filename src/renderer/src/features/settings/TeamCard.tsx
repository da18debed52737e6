import { FormDialog } from '../../components/FormDialog';
import EditOutlined from '@mui/icons-material/EditOutlined';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { methods } from '../../../../shared/contract';
import { ROLES } from '../../../../shared/model';
import type { Operator, Role } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { roleLabel, useIdentity } from '../../app/identity';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteContent } from '../../components/RemoteContent';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { validate } from '../../lib/validation';
import type { FieldErrors } from '../../lib/validation';

const ROLE_HINT: Record<Role, string> = {
  admin: 'Admins also manage the team, bots, templates and settings.',
  operator: 'Operators answer voters in the inbox.',
};

/** Both operator dialogs check the contract's rules and that the two passwords match. */
function checkOperatorForm<S extends z.ZodType>(
  schema: S,
  input: unknown,
  password: string,
  confirm: string,
): ReturnType<typeof validate<S>> {
  const parsed = validate(schema, input);
  const fields: FieldErrors = parsed.ok ? {} : { ...parsed.fields };
  if (password && confirm !== password) fields.confirm = 'The two passwords are not the same.';
  return parsed.ok && Object.keys(fields).length === 0 ? parsed : { ok: false, fields };
}

/** The role picker of both operator dialogs, with what the chosen role may do. */
function RoleField({
  role,
  onChange,
  error,
  testId,
}: {
  role: Role;
  onChange: (role: Role) => void;
  error: string | undefined;
  testId?: string;
}) {
  return (
    <TextField
      {...(testId ? { 'data-testid': testId } : {})}
      select
      label="Role"
      value={role}
      onChange={(e) => onChange(e.target.value as Role)}
      error={!!error}
      helperText={error ?? ROLE_HINT[role]}
    >
      {ROLES.map((r) => (
        <MenuItem key={r} value={r}>
          {roleLabel(r)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The people who may sign in to this desk (admins only). */
export function TeamCard() {
  const { api } = useClient();
  const me = useIdentity();
  const operators = useRemote(useCallback(() => api.listOperators({}), [api]));
  const [dialog, setDialog] = useState<Operator | 'new' | null>(null);

  return (
    <Card data-testid="team-card">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
              Each person signs in with their own account; their replies and the audit log carry
              their name.
            </Typography>
            <Button
              variant="contained"
              startIcon={<PersonAddOutlined />}
              onClick={() => setDialog('new')}
              data-testid="team-add"
            >
              Add operator
            </Button>
          </Stack>
          <RemoteContent
            remote={operators}
            loadingLabel="Loading the team…"
            isEmpty={(list) => list.length === 0}
            empty={
              <EmptyState
                title="No accounts yet"
                hint="Add an account for each person who answers voters, so replies and the audit log show who did what."
              />
            }
          >
            {(list) => (
              <Table size="small" aria-label="Team">
                <TableHead>
                  <TableRow>
                    <TableCell>Name</TableCell>
                    <TableCell>Username</TableCell>
                    <TableCell>Role</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell>Added</TableCell>
                    <TableCell align="right">Change</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((op) => (
                    <TableRow
                      key={op.id}
                      data-testid="operator-row"
                      data-username={op.username}
                      sx={{ opacity: op.disabled ? 0.6 : 1 }}
                    >
                      <TableCell>
                        {op.displayName}
                        {me?.operator?.id === op.id ? (
                          <Typography component="span" variant="caption" color="text.secondary">
                            {' '}
                            (you)
                          </Typography>
                        ) : null}
                      </TableCell>
                      <TableCell>
                        <code>{op.username}</code>
                      </TableCell>
                      <TableCell>{roleLabel(op.role)}</TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          color={op.disabled ? 'default' : 'success'}
                          variant="outlined"
                          label={op.disabled ? 'Disabled' : 'Active'}
                        />
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(op.createdAt)}
                      </TableCell>
                      <TableCell align="right">
                        <Tooltip title="Change role, disable, reset password">
                          <IconButton
                            aria-label={`Change ${op.displayName}`}
                            onClick={() => setDialog(op)}
                            data-testid="operator-edit"
                          >
                            <EditOutlined />
                          </IconButton>
                        </Tooltip>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </RemoteContent>
        </Stack>
      </CardContent>
      {dialog === 'new' ? (
        <NewOperatorDialog
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            operators.reload();
          }}
        />
      ) : dialog ? (
        <EditOperatorDialog
          operator={dialog}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            operators.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  error,
  confirmError,
  label,
}: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  error: string | undefined;
  confirmError: string | undefined;
  label: string;
}) {
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      <TextField
        data-testid="operator-password"
        label={label}
        type="password"
        autoComplete="new-password"
        fullWidth
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={!!error}
        helperText={error ?? 'At least 10 characters.'}
      />
      <TextField
        data-testid="operator-password-confirm"
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        fullWidth
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        error={!!confirmError}
        helperText={confirmError}
      />
    </Stack>
  );
}

function NewOperatorDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { api } = useClient();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, fields, setFields, clear, run } = useCall();

  const save = async () => {
    clear();
    const parsed = checkOperatorForm(
      methods.createOperator.input,
      { username: username.trim().toLowerCase(), displayName, role, password },
      password,
      confirm,
    );
    if (!parsed.ok) {
      setFields(parsed.fields);
      return;
    }
    await run(async () => {
      await api.createOperator(parsed.value);
      onSaved();
    });
  };

  return (
    <FormDialog
      title="Add an operator"
      testId="operator-editor"
      busy={busy}
      onClose={onClose}
      onSave={() => void save()}
      saveLabel="Add operator"
      busyLabel="Adding…"
      saveTestId="operator-save"
    >
      {error ? <ErrorAlert error={error} /> : null}
      <TextField
        data-testid="operator-display-name"
        label="Display name"
        required
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        error={!!fields.displayName}
        helperText={fields.displayName ?? 'Shown on their replies and in the audit log.'}
        slotProps={{ htmlInput: { maxLength: 60 } }}
      />
      <TextField
        data-testid="operator-username"
        label="Username"
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={!!fields.username}
        helperText={
          fields.username ?? '3 to 32 lowercase letters, digits, dots, dashes or underscores.'
        }
        slotProps={{
          htmlInput: {
            maxLength: 32,
            autoCapitalize: 'none',
            spellCheck: false,
          },
        }}
      />
      <RoleField role={role} onChange={setRole} error={fields.role} />
      <PasswordFields
        label="Password"
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        error={fields.password}
        confirmError={fields.confirm}
      />
    </FormDialog>
  );
}

function EditOperatorDialog({
  operator,
  onClose,
  onSaved,
}: {
  operator: Operator;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { api } = useClient();
  const [displayName, setDisplayName] = useState(operator.displayName);
  const [role, setRole] = useState<Role>(operator.role);
  const [disabled, setDisabled] = useState(operator.disabled);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, fields, setFields, clear, run } = useCall();

  const save = async () => {
    clear();
    const input = {
      id: operator.id,
      ...(displayName.trim() !== operator.displayName ? { displayName } : {}),
      ...(role !== operator.role ? { role } : {}),
      ...(disabled !== operator.disabled ? { disabled } : {}),
      ...(password ? { password } : {}),
    };
    const parsed = checkOperatorForm(methods.updateOperator.input, input, password, confirm);
    if (!parsed.ok) {
      setFields(parsed.fields);
      return;
    }
    if (Object.keys(input).length === 1) {
      onClose(); // nothing changed
      return;
    }
    await run(async () => {
      await api.updateOperator(parsed.value);
      onSaved();
    });
  };

  return (
    <FormDialog
      title={`Change ${operator.displayName}`}
      testId="operator-editor"
      busy={busy}
      onClose={onClose}
      onSave={() => void save()}
      saveLabel="Save"
      saveTestId="operator-save"
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Typography variant="body2" color="text.secondary">
        Username <code>{operator.username}</code> (cannot be changed). A new role, a new password or
        disabling the account signs the person out.
      </Typography>
      <TextField
        data-testid="operator-display-name"
        label="Display name"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        error={!!fields.displayName}
        helperText={fields.displayName}
        slotProps={{ htmlInput: { maxLength: 60 } }}
      />
      <RoleField role={role} onChange={setRole} error={fields.role} testId="operator-role" />
      <FormControlLabel
        control={
          <Switch
            checked={disabled}
            onChange={(e) => setDisabled(e.target.checked)}
            slotProps={{ input: { 'aria-label': 'Account disabled' } }}
            data-testid="operator-disabled"
          />
        }
        label={disabled ? 'Disabled: cannot sign in' : 'Active: can sign in'}
      />
      {fields.disabled ? (
        <Typography variant="caption" color="error">
          {fields.disabled}
        </Typography>
      ) : null}
      <Typography variant="subtitle2">Reset password</Typography>
      <PasswordFields
        label="New password (leave empty to keep)"
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        error={fields.password}
        confirmError={fields.confirm}
      />
    </FormDialog>
  );
}
