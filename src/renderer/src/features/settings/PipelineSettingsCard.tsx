import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { methods } from '../../../../shared/contract';
import type { Language, ModelPrice, PipelineSettings } from '../../../../shared/model';
import { LANGUAGES } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteContent } from '../../components/RemoteContent';
import { languageLabel } from '../../lib/format';
import { useCall } from '../../lib/useCall';

type PriceRow = { model: string; input: string; output: string; currency: string };

const toRows = (prices: Record<string, ModelPrice>): PriceRow[] =>
  Object.entries(prices).map(([model, p]) => ({
    model,
    input: String(p.inputPerMillion),
    output: String(p.outputPerMillion),
    currency: p.currency,
  }));

/** The first-contact notice in each language and the model price table behind the cost figures. */
export function PipelineSettingsCard() {
  const { api } = useClient();
  const remote = useRemote(useCallback(() => api.getPipelineSettings({}), [api]));
  return (
    <Card data-testid="pipeline-settings">
      <CardContent>
        <RemoteContent remote={remote} loadingLabel="Loading assistant settings…">
          {(s) => <Editor initial={s} />}
        </RemoteContent>
      </CardContent>
    </Card>
  );
}

/** Keeps what was saved on screen; the next visit loads it from the store. */
function Editor({ initial }: { initial: PipelineSettings }) {
  const { api } = useClient();
  const [notice, setNotice] = useState(initial.consentNotice);
  const [rows, setRows] = useState<PriceRow[]>(toRows(initial.modelPrices));
  const call = useCall();
  const errors = call.fields;
  const [saved, setSaved] = useState(false);

  const save = async () => {
    const input = {
      consentNotice: notice,
      modelPrices: Object.fromEntries(
        rows
          .filter((r) => r.model.trim())
          .map((r) => [
            r.model.trim(),
            {
              inputPerMillion: Number(r.input),
              outputPerMillion: Number(r.output),
              currency: r.currency.trim().toUpperCase(),
            },
          ]),
      ),
    };
    setSaved(false);
    const parsed = methods.savePipelineSettings.input.safeParse(input);
    if (!parsed.success) {
      call.setFields(
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])),
      );
      call.setError({ code: 'invalid_input', message: 'Some values need fixing (see above).' });
      return;
    }
    const result = await call.run(() => api.savePipelineSettings(parsed.data));
    if (result !== undefined) setSaved(true);
  };

  return (
    <Stack spacing={2}>
      <Typography variant="subtitle1">First-contact notice</Typography>
      <Typography variant="body2" color="text.secondary">
        Sent once to each new voter, in their language: who is writing and how to stop. {'{office}'}{' '}
        becomes the active bot&apos;s name.
      </Typography>
      {LANGUAGES.map((l: Language) => (
        <TextField
          key={l}
          label={languageLabel(l)}
          multiline
          minRows={2}
          value={notice[l]}
          onChange={(e) => setNotice({ ...notice, [l]: e.target.value })}
          error={Boolean(errors[`consentNotice.${l}`])}
          helperText={errors[`consentNotice.${l}`]}
          slotProps={{ htmlInput: { 'data-testid': `consent-${l}` } }}
        />
      ))}
      <Typography variant="subtitle1">Model prices (per million tokens)</Typography>
      {rows.map((r, i) => (
        <Stack key={i} direction="row" spacing={1}>
          {(['model', 'input', 'output', 'currency'] as const).map((field) => (
            <TextField
              key={field}
              size="small"
              label={
                {
                  model: 'Model',
                  input: 'Input price',
                  output: 'Output price',
                  currency: 'Currency',
                }[field]
              }
              value={r[field]}
              onChange={(e) =>
                setRows(rows.map((x, j) => (j === i ? { ...x, [field]: e.target.value } : x)))
              }
              error={Boolean(
                errors[
                  `modelPrices.${r.model}.${{ model: '', input: 'inputPerMillion', output: 'outputPerMillion', currency: 'currency' }[field]}`
                ],
              )}
              helperText={
                errors[
                  `modelPrices.${r.model}.${{ model: '', input: 'inputPerMillion', output: 'outputPerMillion', currency: 'currency' }[field]}`
                ]
              }
            />
          ))}
          <Button onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove</Button>
        </Stack>
      ))}
      <Stack direction="row" spacing={1}>
        <Button
          onClick={() =>
            setRows([...rows, { model: '', input: '0', output: '0', currency: 'USD' }])
          }
        >
          Add a model
        </Button>
        <Button
          variant="contained"
          onClick={() => void save()}
          disabled={call.busy}
          data-testid="pipeline-settings-save"
        >
          {call.busy ? 'Saving…' : 'Save'}
        </Button>
      </Stack>
      {call.error ? <ErrorAlert error={call.error} /> : null}
      {saved ? (
        <Alert severity="success">Saved. New voters get this notice; costs use these prices.</Alert>
      ) : null}
    </Stack>
  );
}
