import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import DeleteOutlineOutlined from '@mui/icons-material/DeleteOutlineOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import ExpandMoreOutlined from '@mui/icons-material/ExpandMoreOutlined';
import type { ReactNode } from 'react';
import type { BotConfiguration } from '../../../../shared/model';
import {
  capitalise,
  channelLabel,
  formatCount,
  formatDateTime,
  formatPercent,
  languageLabel,
} from '../../lib/format';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ color: 'text.secondary', width: 220 }}>
        {label}
      </TableCell>
      <TableCell>{children}</TableCell>
    </TableRow>
  );
}

interface BotCardProps {
  bot: BotConfiguration;
  onEdit: () => void;
  onActivate: () => void;
  onDelete: () => void;
  /** True while this bot is being made active. */
  activating?: boolean;
  /** Admins only: others see the settings read-only. */
  canEdit: boolean;
}

/** Every setting of one bot at a glance, with Edit, Make active and Delete. */
export function BotCard({ bot, onEdit, onActivate, onDelete, activating, canEdit }: BotCardProps) {
  const customPrompts = Object.entries(bot.customPrompts);
  return (
    <Card
      data-testid="bot-card"
      data-bot-id={bot.id}
      data-active={bot.active ? 'true' : 'false'}
      sx={{ height: '100%', borderColor: bot.active ? 'success.main' : undefined }}
    >
      <CardContent>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
              {bot.name}
            </Typography>
            <Chip
              size="small"
              color={bot.active ? 'success' : 'default'}
              icon={bot.active ? <CheckCircleOutlined /> : undefined}
              label={bot.active ? 'Active' : 'Inactive'}
              data-testid="bot-active"
            />
          </Stack>
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
            <Button
              size="small"
              variant="outlined"
              startIcon={<EditOutlined />}
              onClick={onEdit}
              disabled={!canEdit}
              data-testid="bot-edit"
            >
              Edit
            </Button>
            {bot.active ? null : (
              <Button
                size="small"
                variant="outlined"
                color="success"
                startIcon={<CheckCircleOutlined />}
                onClick={onActivate}
                disabled={activating || !canEdit}
                data-testid="bot-activate"
              >
                {activating ? 'Activating…' : 'Make active'}
              </Button>
            )}
            <Tooltip
              title={
                bot.active
                  ? 'The active bot cannot be deleted: make another bot active first.'
                  : 'Delete this bot'
              }
            >
              <span>
                <Button
                  size="small"
                  color="error"
                  startIcon={<DeleteOutlineOutlined />}
                  onClick={onDelete}
                  disabled={bot.active || !canEdit}
                  data-testid="bot-delete"
                >
                  Delete
                </Button>
              </span>
            </Tooltip>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {bot.description || 'No description.'}
          </Typography>
          <Table size="small" aria-label={`${bot.name} settings`}>
            <TableBody>
              <Field label="Personality">{capitalise(bot.personality)}</Field>
              <Field label="Languages">
                <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                  {bot.languages.map((l) => (
                    <Chip key={l} size="small" variant="outlined" label={languageLabel(l)} />
                  ))}
                </Stack>
              </Field>
              <Field label="Channels">{bot.channels.map(channelLabel).join(', ') || '—'}</Field>
              <Field label="Model">
                {bot.aiModel ? <code>{bot.aiModel}</code> : 'The one set in Settings'}
              </Field>
              <Field label="Handoff threshold">{bot.autoHandoffThreshold}</Field>
              <Field label="Max conversation length">
                {formatCount(bot.maxConversationLength)} messages
              </Field>
              <Field label="Response time target">{bot.responseTimeTarget} s</Field>
              <Field label="Conversations handled">{formatCount(bot.totalConversations)}</Field>
              <Field label="Accuracy">{formatPercent(bot.accuracyRate)}</Field>
              <Field label="Satisfaction">{formatPercent(bot.satisfactionRate)}</Field>
              <Field label="Knowledge base">{bot.knowledgeBase.length} entries</Field>
              <Field label="Updated">{formatDateTime(bot.updatedAt)}</Field>
            </TableBody>
          </Table>
          <Accordion variant="outlined" disableGutters>
            <AccordionSummary expandIcon={<ExpandMoreOutlined />}>
              <Typography variant="body2">
                System prompt
                {customPrompts.length ? ` and ${customPrompts.length} custom prompts` : ''}
              </Typography>
            </AccordionSummary>
            <AccordionDetails>
              <Typography
                variant="body2"
                component="pre"
                sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', m: 0 }}
              >
                {bot.systemPrompt || 'No system prompt.'}
              </Typography>
              {customPrompts.map(([key, text]) => (
                <Stack key={key} spacing={0.5} sx={{ mt: 2 }}>
                  <Typography variant="caption" color="text.secondary">
                    {key}
                  </Typography>
                  <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                    {text}
                  </Typography>
                </Stack>
              ))}
            </AccordionDetails>
          </Accordion>
        </Stack>
      </CardContent>
    </Card>
  );
}
