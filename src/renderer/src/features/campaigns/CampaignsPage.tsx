import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { parseInput } from '../../../../shared/contract';
import type { MethodInput } from '../../../../shared/contract';
import type { GeneratedLink } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLayout } from '../../components/PageLayout';
import { useCall } from '../../lib/useCall';
import { CampaignList } from './CampaignList';
import { LinkResult } from './LinkResult';

type Fields = { text: string; campaign: string; referralCode: string };
type FieldName = keyof Fields;

const EMPTY: Fields = { text: '', campaign: '', referralCode: '' };

/** Blank inputs are left out: every field of generateLink is optional. */
function toInput(fields: Fields): MethodInput<'generateLink'> {
  const input: MethodInput<'generateLink'> = {};
  for (const key of Object.keys(fields) as FieldName[]) {
    const value = fields[key].trim();
    if (value) input[key] = value;
  }
  return input;
}

/** Builds a click-to-chat link with a campaign tag and a referral code. */
export function CampaignsPage() {
  const { api } = useClient();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const { busy, error, setError, run } = useCall();
  const [link, setLink] = useState<GeneratedLink | null>(null);

  const fieldErrors = error?.fields ?? {};

  const update = (name: FieldName) => (e: { target: { value: string } }) => {
    setFields((f) => ({ ...f, [name]: e.target.value }));
    if (error?.fields?.[name]) {
      const rest = { ...error.fields };
      delete rest[name];
      setError(Object.keys(rest).length ? { ...error, fields: rest } : null);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(fields);
    // Same schema as the server, so mistakes show at once; the server still checks.
    const local = parseInput('generateLink', input);
    if (!local.ok) {
      setError(local.error);
      return;
    }
    await run(async () => setLink(await api.generateLink(input)));
  };

  // A field-level problem is shown under its input; anything else as an alert.
  const unmatched =
    error && !(['text', 'campaign', 'referralCode'] as const).some((k) => fieldErrors[k]);

  return (
    <PageLayout
      id="campaigns"
      title="Campaigns"
      subtitle="Create a WhatsApp link for posters, SMS or social media. Conversations started from it carry the campaign tag."
      busy={busy}
    >
      <Stack spacing={3} sx={{ maxWidth: 720 }}>
        <Card>
          <CardContent>
            <Stack component="form" spacing={2.5} onSubmit={submit} noValidate>
              <Typography variant="h6" component="h2">
                New link
              </Typography>
              <TextField
                label="Pre-filled message"
                name="text"
                multiline
                minRows={2}
                value={fields.text}
                onChange={update('text')}
                error={Boolean(fieldErrors.text)}
                helperText={
                  fieldErrors.text ??
                  'What the voter’s WhatsApp will type for them, in any language. Optional.'
                }
                slotProps={{ htmlInput: { maxLength: 500 } }}
              />
              <TextField
                label="Campaign tag"
                name="campaign"
                value={fields.campaign}
                onChange={update('campaign')}
                error={Boolean(fieldErrors.campaign)}
                helperText={
                  fieldErrors.campaign ?? 'e.g. ward-12-poster. Letters, digits, - or _. Optional.'
                }
              />
              <TextField
                label="Referral code"
                name="referralCode"
                value={fields.referralCode}
                onChange={update('referralCode')}
                error={Boolean(fieldErrors.referralCode)}
                helperText={
                  fieldErrors.referralCode ??
                  'A voter’s referral code (4 to 12 letters or digits) to credit them. Optional.'
                }
              />
              {unmatched ? <ErrorAlert error={error} /> : null}
              <Stack direction="row" spacing={1}>
                <Button type="submit" variant="contained" disabled={busy}>
                  {busy ? 'Generating…' : 'Generate link'}
                </Button>
                <Button
                  type="button"
                  onClick={() => {
                    setFields(EMPTY);
                    setError(null);
                    setLink(null);
                  }}
                  disabled={busy}
                >
                  Clear
                </Button>
              </Stack>
            </Stack>
          </CardContent>
        </Card>
        {link ? <LinkResult link={link} /> : null}
        {!link && !error ? (
          <Alert severity="info">
            Fill in what you need (every field is optional) and choose Generate link.
          </Alert>
        ) : null}
        <CampaignList />
      </Stack>
    </PageLayout>
  );
}
