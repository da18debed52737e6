import PlayArrowOutlined from '@mui/icons-material/PlayArrowOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { methods } from '../../../../shared/contract';
import type { BotConfiguration, TryResult } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  categoryLabel,
  formatPercent,
  formatScore,
  handoffText,
  languageLabel,
  sentimentColor,
  sentimentLabel,
} from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { validate } from '../../lib/validation';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ color: 'text.secondary', width: 140 }}>
        {label}
      </TableCell>
      <TableCell>{children}</TableCell>
    </TableRow>
  );
}

function ResultView({ result: r }: { result: TryResult }) {
  return (
    <Stack spacing={1.5} data-testid="bot-try-result">
      {r.handoff.handoff ? (
        <Alert severity="warning" data-testid="bot-try-handoff">
          A person would take over: {handoffText(r.handoff.reason, r.handoff.detail)}
        </Alert>
      ) : (
        <Alert severity="success" data-testid="bot-try-handoff">
          The bot would answer this itself.
        </Alert>
      )}
      <Box>
        <Typography variant="caption" color="text.secondary">
          Reply the bot would send
        </Typography>
        <Box
          sx={{ p: 1.5, borderRadius: 2, bgcolor: 'action.hover', whiteSpace: 'pre-wrap' }}
          lang={r.language}
          data-testid="bot-try-reply"
        >
          {r.reply || <em>No reply.</em>}
        </Box>
      </Box>
      <Table size="small" aria-label="Analysis">
        <TableBody>
          <Row label="Language">
            {languageLabel(r.language)}
            {r.script ? ` (${r.script} script)` : ''}
          </Row>
          <Row label="Intent">{r.intent || '—'}</Row>
          <Row label="Category">{categoryLabel(r.category)}</Row>
          <Row label="Sentiment">
            <Chip
              size="small"
              color={sentimentColor(r.sentiment)}
              label={`${sentimentLabel(r.sentiment)} ${formatScore(r.sentimentScore)}`}
            />
          </Row>
          <Row label="Confidence">{formatPercent(r.confidence)}</Row>
          <Row label="Topics">
            {r.topics.length ? (
              <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                {r.topics.map((t) => (
                  <Chip key={t} size="small" label={t} />
                ))}
              </Stack>
            ) : (
              '—'
            )}
          </Row>
          <Row label="Analysed by">
            <span data-testid="bot-try-source">
              {r.source === 'model' ? 'The AI model' : 'The embedded analyzer (on this computer)'}
            </span>
            {r.fallbackReason ? (
              <Typography variant="caption" component="div" color="text.secondary">
                Fallback: {r.fallbackReason}
              </Typography>
            ) : null}
          </Row>
        </TableBody>
      </Table>
    </Stack>
  );
}

/** Runs a bot on a sample message and shows what it would make of it; nothing is sent. */
export function TryBotPanel({ bots }: { bots: BotConfiguration[] }) {
  const { api } = useClient();
  const active = bots.find((b) => b.active) ?? bots[0];
  const [botId, setBotId] = useState<string>('');
  const [text, setText] = useState('');
  const { busy, error, fields, setFields, run } = useCall();
  const [result, setResult] = useState<TryResult | null>(null);
  const chosen = bots.some((b) => b.id === botId) ? botId : (active?.id ?? '');
  // The bot comes from a list, so a field error is shown under the message box.
  const fieldError = fields.text ?? null;

  const tryIt = async () => {
    const parsed = validate(methods.tryBot.input, { botId: chosen || undefined, text });
    if (!parsed.ok) {
      const first = parsed.fields.text ?? Object.values(parsed.fields)[0];
      setFields(first ? { text: first } : {});
      return;
    }
    await run(async () => setResult(await api.tryBot(parsed.value)));
  };

  return (
    <Card data-testid="bot-try">
      <CardContent>
        <Stack spacing={2}>
          <Box>
            <Typography variant="h6" component="h2">
              Try it
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Write what a voter might send and see how the bot reads it and what it would answer.
              Nothing is sent to anyone.
            </Typography>
          </Box>
          <TextField
            select
            size="small"
            label="Bot"
            value={chosen}
            onChange={(e) => setBotId(e.target.value)}
          >
            {bots.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.name}
                {b.active ? ' (active)' : ''}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            data-testid="bot-try-input"
            label="Message"
            multiline
            minRows={2}
            maxRows={8}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (fieldError) setFields({});
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void tryIt();
              }
            }}
            error={!!fieldError}
            helperText={
              fieldError ?? 'Ctrl+Enter runs it. Any language: Tamil, Hindi, Telugu, English.'
            }
            slotProps={{ htmlInput: { maxLength: 4096 } }}
          />
          <Button
            variant="contained"
            startIcon={<PlayArrowOutlined />}
            onClick={() => void tryIt()}
            disabled={busy}
            data-testid="bot-try-run"
            sx={{ alignSelf: 'flex-start' }}
          >
            {busy ? 'Running…' : 'Run'}
          </Button>
          {error ? <ErrorAlert error={error} /> : null}
          {result ? <ResultView result={result} /> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
