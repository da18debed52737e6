import { FormDialog } from '../../components/FormDialog';
import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutlineOutlined from '@mui/icons-material/DeleteOutlineOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { methods } from '../../../../shared/contract';
import { CHANNELS, LANGUAGES, PERSONALITIES } from '../../../../shared/model';
import type { BotConfiguration, Channel, Language, Personality } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { capitalise, channelLabel, languageLabel } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { validate } from '../../lib/validation';
import {
  draftFromBot,
  draftToInput,
  errorAt,
  fitErrors,
  newBotDraft,
  newRowId,
  rowErrors,
} from './botDraft';
import type { BotDraft, KnowledgeRow, PromptRow } from './botDraft';

const FORM_FIELDS = [
  'id',
  'name',
  'description',
  'personality',
  'languages',
  'channels',
  'aiModel',
  'systemPrompt',
  'customPrompts',
  'knowledgeBase',
  'responseTimeTarget',
  'maxConversationLength',
  'autoHandoffThreshold',
];

function SectionTitle({ children, hint }: { children: ReactNode; hint?: ReactNode }) {
  return (
    <Box>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
        {children}
      </Typography>
      {hint ? (
        <Typography variant="body2" color="text.secondary">
          {hint}
        </Typography>
      ) : null}
    </Box>
  );
}

interface BotEditorProps {
  /** The bot to edit, or null for a new one. */
  bot: BotConfiguration | null;
  onClose: () => void;
  onSaved: (bot: BotConfiguration) => void;
}

/** Every setting of a bot, checked against the contract before it is sent. */
export function BotEditor({ bot, onClose, onSaved }: BotEditorProps) {
  const { api } = useClient();
  const [draft, setDraft] = useState<BotDraft>(() => (bot ? draftFromBot(bot) : newBotDraft()));
  const { busy, error: serverError, fields: errors, setFields: setErrors, clear, run } = useCall();

  const set = <K extends keyof BotDraft>(key: K, value: BotDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const err = (path: string) => errorAt(errors, path);

  const save = async () => {
    const rows = rowErrors(draft);
    const parsed = validate(methods.saveBot.input, draftToInput(draft));
    const local = { ...(parsed.ok ? {} : fitErrors(parsed.fields, draft)), ...rows };
    clear();
    if (!parsed.ok || Object.keys(rows).length > 0) {
      setErrors(local);
      return;
    }
    await run(async () => onSaved(await api.saveBot(parsed.value)), {
      toFields: (server) => fitErrors(server, draft),
    });
  };

  const errorCount = Object.keys(errors).length;
  const unplaced = Object.entries(errors).filter(
    ([k]) => !FORM_FIELDS.includes(k.split('.')[0] ?? ''),
  );

  const setPrompt = (i: number, change: Partial<PromptRow>) =>
    set(
      'customPrompts',
      draft.customPrompts.map((p, j) => (j === i ? { ...p, ...change } : p)),
    );
  const setKnowledge = (i: number, change: Partial<KnowledgeRow>) =>
    set(
      'knowledgeBase',
      draft.knowledgeBase.map((k, j) => (j === i ? { ...k, ...change } : k)),
    );

  return (
    <FormDialog
      title={bot ? `Edit ${bot.name}` : 'New bot'}
      testId="bot-editor"
      busy={busy}
      onClose={onClose}
      onSave={() => void save()}
      saveLabel={bot ? 'Save changes' : 'Create bot'}
      saveTestId="bot-save"
      maxWidth="md"
      spacing={3}
    >
      {serverError ? <ErrorAlert error={serverError} /> : null}
      {!serverError && errorCount > 0 ? (
        <Alert severity="error" data-testid="bot-editor-errors">
          {errorCount === 1
            ? 'One field needs attention: see the message under it.'
            : `${errorCount} fields need attention: see the messages under them.`}
        </Alert>
      ) : null}
      {unplaced.map(([k, v]) => (
        <Alert key={k} severity="error">
          {k}: {v}
        </Alert>
      ))}

      <Stack spacing={2}>
        <SectionTitle>About</SectionTitle>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 8 }}>
            <TextField
              data-testid="bot-name"
              label="Name"
              required
              fullWidth
              value={draft.name}
              onChange={(e) => set('name', e.target.value)}
              error={!!err('name')}
              helperText={err('name') ?? '2 to 80 characters.'}
              slotProps={{ htmlInput: { maxLength: 80 } }}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <TextField
              select
              label="Personality"
              fullWidth
              value={draft.personality}
              onChange={(e) => set('personality', e.target.value as Personality)}
              error={!!err('personality')}
              helperText={err('personality') ?? 'The tone of the replies.'}
            >
              {PERSONALITIES.map((p) => (
                <MenuItem key={p} value={p}>
                  {capitalise(p)}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid size={12}>
            <TextField
              label="Description"
              fullWidth
              multiline
              minRows={2}
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
              error={!!err('description')}
              helperText={err('description') ?? 'For the team: what this bot is for.'}
              slotProps={{ htmlInput: { maxLength: 500 } }}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <TextField
              data-testid="bot-languages"
              select
              label="Languages"
              fullWidth
              value={draft.languages}
              onChange={(e) => {
                const v = e.target.value as unknown as Language[] | string;
                set('languages', (typeof v === 'string' ? v.split(',') : v) as Language[]);
              }}
              error={!!err('languages')}
              helperText={err('languages') ?? 'The languages it answers in.'}
              slotProps={{
                select: {
                  multiple: true,
                  renderValue: (selected) => (
                    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                      {(selected as Language[]).map((l) => (
                        <Chip key={l} size="small" label={languageLabel(l)} />
                      ))}
                    </Stack>
                  ),
                },
              }}
            >
              {LANGUAGES.map((l) => (
                <MenuItem key={l} value={l}>
                  <Checkbox
                    size="small"
                    checked={draft.languages.includes(l)}
                    sx={{ p: 0, mr: 1 }}
                  />
                  {languageLabel(l)}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <FormControl error={!!err('channels')} component="fieldset">
              <FormLabel component="legend">Channels</FormLabel>
              <FormGroup row>
                {CHANNELS.map((c) => (
                  <FormControlLabel
                    key={c}
                    label={channelLabel(c)}
                    control={
                      <Checkbox
                        checked={draft.channels.includes(c)}
                        onChange={(e) =>
                          set(
                            'channels',
                            e.target.checked
                              ? [...draft.channels, c]
                              : draft.channels.filter((x): x is Channel => x !== c),
                          )
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
              <FormHelperText>{err('channels') ?? 'Where it answers.'}</FormHelperText>
            </FormControl>
          </Grid>
        </Grid>
      </Stack>

      <Divider />
      <Stack spacing={2}>
        <SectionTitle>Model and prompts</SectionTitle>
        <TextField
          label="AI model"
          fullWidth
          value={draft.aiModel}
          onChange={(e) => set('aiModel', e.target.value)}
          error={!!err('aiModel')}
          helperText={
            err('aiModel') ??
            'The OpenAI model name (for example gpt-4o-mini). Leave empty to use the one in Settings.'
          }
          slotProps={{ htmlInput: { maxLength: 100, spellCheck: false } }}
        />
        <TextField
          data-testid="bot-system-prompt"
          label="System prompt"
          required
          fullWidth
          multiline
          minRows={5}
          maxRows={16}
          value={draft.systemPrompt}
          onChange={(e) => set('systemPrompt', e.target.value)}
          error={!!err('systemPrompt')}
          helperText={
            err('systemPrompt') ??
            `How the bot should behave: who it speaks for, what it may and may not say. ${draft.systemPrompt.trim().length}/8000 characters (at least 20).`
          }
          slotProps={{ htmlInput: { maxLength: 8000 } }}
        />
        <Stack spacing={1}>
          <SectionTitle hint="Named prompt snippets (for example a greeting or a closing line) the bot can use.">
            Custom prompts
          </SectionTitle>
          {errors.customPrompts ? (
            <Typography variant="caption" color="error">
              {errors.customPrompts}
            </Typography>
          ) : null}
          {draft.customPrompts.map((p, i) => (
            <Paper key={p.rowId} variant="outlined" sx={{ p: 1.5 }} data-testid="bot-prompt-row">
              <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
                <TextField
                  label="Name"
                  size="small"
                  value={p.name}
                  onChange={(e) => setPrompt(i, { name: e.target.value })}
                  error={!!errors[`customPrompts.${i}`]}
                  sx={{ width: 200, flexShrink: 0 }}
                  slotProps={{ htmlInput: { maxLength: 60 } }}
                />
                <TextField
                  label="Text"
                  size="small"
                  fullWidth
                  multiline
                  minRows={1}
                  value={p.text}
                  onChange={(e) => setPrompt(i, { text: e.target.value })}
                  error={!!errors[`customPrompts.${i}`]}
                  helperText={errors[`customPrompts.${i}`]}
                  slotProps={{ htmlInput: { maxLength: 2000 } }}
                />
                <Tooltip title="Remove this prompt">
                  <IconButton
                    aria-label={`Remove prompt ${p.name || i + 1}`}
                    onClick={() =>
                      set(
                        'customPrompts',
                        draft.customPrompts.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <DeleteOutlineOutlined />
                  </IconButton>
                </Tooltip>
              </Stack>
            </Paper>
          ))}
          <Button
            startIcon={<AddOutlined />}
            onClick={() =>
              set('customPrompts', [
                ...draft.customPrompts,
                { rowId: newRowId(), name: '', text: '' },
              ])
            }
            sx={{ alignSelf: 'flex-start' }}
          >
            Add custom prompt
          </Button>
        </Stack>
      </Stack>

      <Divider />
      <Stack spacing={1}>
        <SectionTitle hint="Questions voters ask and the answers the bot should give.">
          Knowledge base ({draft.knowledgeBase.length})
        </SectionTitle>
        {errors.knowledgeBase ? (
          <Typography variant="caption" color="error">
            {errors.knowledgeBase}
          </Typography>
        ) : null}
        {draft.knowledgeBase.map((k, i) => (
          <Paper key={k.rowId} variant="outlined" sx={{ p: 1.5 }} data-testid="bot-knowledge-row">
            <Grid container spacing={1.5}>
              <Grid size={{ xs: 12, sm: 11 }}>
                <TextField
                  label="Question"
                  size="small"
                  fullWidth
                  value={k.question}
                  onChange={(e) => setKnowledge(i, { question: e.target.value })}
                  error={!!err(`knowledgeBase.${i}.question`)}
                  helperText={err(`knowledgeBase.${i}.question`)}
                  slotProps={{ htmlInput: { maxLength: 500 } }}
                />
              </Grid>
              <Grid size={{ xs: 12, sm: 1 }} sx={{ display: 'flex', justifyContent: 'flex-end' }}>
                <Tooltip title="Remove this entry">
                  <IconButton
                    aria-label={`Remove knowledge entry ${i + 1}`}
                    onClick={() =>
                      set(
                        'knowledgeBase',
                        draft.knowledgeBase.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <DeleteOutlineOutlined />
                  </IconButton>
                </Tooltip>
              </Grid>
              <Grid size={12}>
                <TextField
                  label="Answer"
                  size="small"
                  fullWidth
                  multiline
                  minRows={2}
                  value={k.answer}
                  onChange={(e) => setKnowledge(i, { answer: e.target.value })}
                  error={!!err(`knowledgeBase.${i}.answer`)}
                  helperText={err(`knowledgeBase.${i}.answer`)}
                  slotProps={{ htmlInput: { maxLength: 2000 } }}
                />
              </Grid>
              <Grid size={{ xs: 12, sm: 4 }}>
                <TextField
                  select
                  label="Language"
                  size="small"
                  fullWidth
                  value={k.language}
                  onChange={(e) => setKnowledge(i, { language: e.target.value as Language | '' })}
                  error={!!err(`knowledgeBase.${i}.language`)}
                  helperText={err(`knowledgeBase.${i}.language`)}
                >
                  <MenuItem value="">Any language</MenuItem>
                  {LANGUAGES.map((l) => (
                    <MenuItem key={l} value={l}>
                      {languageLabel(l)}
                    </MenuItem>
                  ))}
                </TextField>
              </Grid>
              <Grid size={{ xs: 12, sm: 8 }}>
                <TextField
                  label="Tags"
                  size="small"
                  fullWidth
                  value={k.tags}
                  onChange={(e) => setKnowledge(i, { tags: e.target.value })}
                  error={!!err(`knowledgeBase.${i}.tags`)}
                  helperText={err(`knowledgeBase.${i}.tags`) ?? 'Separate with commas.'}
                />
              </Grid>
            </Grid>
          </Paper>
        ))}
        <Button
          startIcon={<AddOutlined />}
          onClick={() =>
            set('knowledgeBase', [
              ...draft.knowledgeBase,
              { rowId: newRowId(), question: '', answer: '', language: '', tags: '' },
            ])
          }
          sx={{ alignSelf: 'flex-start' }}
        >
          Add knowledge entry
        </Button>
      </Stack>

      <Divider />
      <Stack spacing={2}>
        <SectionTitle>Limits and handoff</SectionTitle>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 6 }}>
            <TextField
              label="Response time target (seconds)"
              type="number"
              fullWidth
              value={draft.responseTimeTarget}
              onChange={(e) => set('responseTimeTarget', e.target.value)}
              error={!!err('responseTimeTarget')}
              helperText={
                err('responseTimeTarget') ?? 'How fast a reply should go out (1 to 86,400).'
              }
              slotProps={{ htmlInput: { min: 1, max: 86400, step: 1 } }}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <TextField
              label="Max conversation length (messages)"
              type="number"
              fullWidth
              value={draft.maxConversationLength}
              onChange={(e) => set('maxConversationLength', e.target.value)}
              error={!!err('maxConversationLength')}
              helperText={
                err('maxConversationLength') ??
                'After this many messages a person takes over (2 to 1,000).'
              }
              slotProps={{ htmlInput: { min: 2, max: 1000, step: 1 } }}
            />
          </Grid>
          <Grid size={12}>
            <FormControl fullWidth error={!!err('autoHandoffThreshold')}>
              <FormLabel id="bot-threshold-label">
                Auto-handoff threshold: {draft.autoHandoffThreshold.toFixed(2)}
              </FormLabel>
              <Slider
                aria-labelledby="bot-threshold-label"
                min={0}
                max={1}
                step={0.05}
                value={draft.autoHandoffThreshold}
                onChange={(_, v) => set('autoHandoffThreshold', Array.isArray(v) ? (v[0] ?? 0) : v)}
                valueLabelDisplay="auto"
                marks={[
                  { value: 0, label: '0' },
                  { value: 0.5, label: '0.5' },
                  { value: 1, label: '1' },
                ]}
                sx={{ mx: 1, width: 'calc(100% - 16px)' }}
                data-testid="bot-threshold"
              />
              <FormHelperText>
                {err('autoHandoffThreshold') ??
                  'When the analysis is less sure than this, a person takes over: 0 never hands off for doubt, 1 always does.'}
              </FormHelperText>
            </FormControl>
          </Grid>
        </Grid>
      </Stack>
    </FormDialog>
  );
}
