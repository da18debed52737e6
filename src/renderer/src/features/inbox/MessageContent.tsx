import BrokenImageOutlined from '@mui/icons-material/BrokenImageOutlined';
import { mediaHref } from '../../lib/media';
import ContactPhoneOutlined from '@mui/icons-material/ContactPhoneOutlined';
import DescriptionOutlined from '@mui/icons-material/DescriptionOutlined';
import GraphicEqOutlined from '@mui/icons-material/GraphicEqOutlined';
import PlaceOutlined from '@mui/icons-material/PlaceOutlined';
import SmartButtonOutlined from '@mui/icons-material/SmartButtonOutlined';
import VideocamOutlined from '@mui/icons-material/VideocamOutlined';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { Json, Message } from '../../../../shared/model';
import { asArray, asNumber, asObject, asString, pick } from '../../lib/json';

/** The raw WhatsApp message object core kept (metadata.raw), or its `type` part. */
function rawPart(m: Message, part: string): Json | undefined {
  return pick(m.metadata, 'raw', part);
}

const MEDIA_LABEL: Record<string, string> = {
  image: 'Photo',
  sticker: 'Sticker',
  voice: 'Voice message',
  audio: 'Audio',
  video: 'Video',
  document: 'Document',
};

function Text({ children, lang }: { children: ReactNode; lang: string }) {
  return (
    <Typography
      variant="body1"
      lang={lang}
      sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      data-testid="message-content"
    >
      {children}
    </Typography>
  );
}

function Caption({ text, lang }: { text: string | null; lang: string }) {
  return text ? <Text lang={lang}>{text}</Text> : null;
}

/** Media that is not (yet) downloaded: what it is, why it is missing, and its caption. */
function MediaPlaceholder({
  m,
  icon,
  lang,
  caption,
}: {
  m: Message;
  icon: ReactNode;
  lang: string;
  caption: string | null;
}) {
  const why = asString(m.metadata.mediaError);
  return (
    <Stack spacing={0.5}>
      <Stack
        direction="row"
        spacing={1}
        data-testid="media-placeholder"
        sx={{
          alignItems: 'center',
          p: 1,
          border: 1,
          borderStyle: 'dashed',
          borderColor: 'divider',
          borderRadius: 1,
          color: 'text.secondary',
        }}
      >
        {icon}
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="body2">{MEDIA_LABEL[m.messageType] ?? 'Attachment'}</Typography>
          <Typography variant="caption" component="div">
            {why ?? 'Not downloaded yet.'}
          </Typography>
        </Box>
      </Stack>
      <Caption text={caption} lang={lang} />
    </Stack>
  );
}

function captionOf(m: Message): string | null {
  return (
    asString(pick(rawPart(m, m.messageType === 'voice' ? 'audio' : m.messageType), 'caption')) ??
    (m.content || null)
  );
}

function ImageContent({ m, lang }: { m: Message; lang: string }) {
  const caption = m.messageType === 'sticker' ? null : captionOf(m);
  if (!m.mediaUrl)
    return <MediaPlaceholder m={m} icon={<BrokenImageOutlined />} lang={lang} caption={caption} />;
  return (
    <Stack spacing={0.5}>
      <Link href={mediaHref(m.mediaUrl)} target="_blank" rel="noreferrer" sx={{ display: 'block' }}>
        <Box
          component="img"
          src={mediaHref(m.mediaUrl)}
          alt={caption ?? MEDIA_LABEL[m.messageType]}
          loading="lazy"
          data-testid="message-image"
          sx={{
            display: 'block',
            maxWidth: m.messageType === 'sticker' ? 160 : 320,
            maxHeight: 320,
            borderRadius: 1,
            objectFit: 'contain',
            bgcolor: m.messageType === 'sticker' ? 'transparent' : 'action.hover',
          }}
        />
      </Link>
      <Caption text={caption} lang={lang} />
    </Stack>
  );
}

function AudioContent({ m, lang }: { m: Message; lang: string }) {
  if (!m.mediaUrl)
    return <MediaPlaceholder m={m} icon={<GraphicEqOutlined />} lang={lang} caption={null} />;
  return (
    <Stack spacing={0.5}>
      <Typography variant="caption" color="text.secondary">
        {MEDIA_LABEL[m.messageType]}
      </Typography>
      <Box
        component="audio"
        controls
        preload="none"
        src={mediaHref(m.mediaUrl)}
        data-testid="message-audio"
        sx={{ width: 280, maxWidth: '100%' }}
      />
      {m.content ? <Caption text={m.content} lang={lang} /> : null}
    </Stack>
  );
}

function VideoContent({ m, lang }: { m: Message; lang: string }) {
  const caption = captionOf(m);
  if (!m.mediaUrl)
    return <MediaPlaceholder m={m} icon={<VideocamOutlined />} lang={lang} caption={caption} />;
  return (
    <Stack spacing={0.5}>
      <Box
        component="video"
        controls
        preload="metadata"
        src={mediaHref(m.mediaUrl)}
        data-testid="message-video"
        sx={{ display: 'block', maxWidth: 360, maxHeight: 320, borderRadius: 1 }}
      />
      <Caption text={caption} lang={lang} />
    </Stack>
  );
}

function DocumentContent({ m, lang }: { m: Message; lang: string }) {
  const doc = rawPart(m, 'document');
  const filename =
    asString(pick(m.metadata, 'media', 'filename')) ??
    asString(pick(doc, 'filename')) ??
    'document';
  const caption = asString(pick(doc, 'caption'));
  if (!m.mediaUrl)
    return (
      <MediaPlaceholder
        m={m}
        icon={<DescriptionOutlined />}
        lang={lang}
        caption={[filename, caption].filter(Boolean).join(' — ')}
      />
    );
  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <DescriptionOutlined fontSize="small" />
        <Link
          href={mediaHref(m.mediaUrl)}
          download={filename}
          data-testid="message-document"
          sx={{ overflowWrap: 'anywhere' }}
        >
          {filename}
        </Link>
      </Stack>
      <Caption text={caption} lang={lang} />
    </Stack>
  );
}

function LocationContent({ m, lang }: { m: Message; lang: string }) {
  const loc = rawPart(m, 'location');
  const lat = asNumber(pick(loc, 'latitude'));
  const lon = asNumber(pick(loc, 'longitude'));
  const name = asString(pick(loc, 'name'));
  const address = asString(pick(loc, 'address'));
  const label = [name, address].filter(Boolean).join(', ') || m.content;
  return (
    <Stack spacing={0.25} data-testid="message-location">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <PlaceOutlined fontSize="small" />
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          Location
        </Typography>
      </Stack>
      {label ? <Text lang={lang}>{label}</Text> : null}
      {lat !== null && lon !== null ? (
        <Typography variant="caption" component="div">
          {lat.toFixed(5)}, {lon.toFixed(5)} ·{' '}
          <Link
            href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`}
            target="_blank"
            rel="noreferrer"
          >
            Open map
          </Link>
        </Typography>
      ) : null}
    </Stack>
  );
}

function ContactsContent({ m, lang }: { m: Message; lang: string }) {
  const cards = asArray(pick(m.metadata, 'raw', 'contacts'));
  if (cards.length === 0) return <Text lang={lang}>{m.content || 'Shared contacts'}</Text>;
  return (
    <Stack spacing={1} data-testid="message-contacts">
      {cards.map((card, i) => {
        const name =
          asString(pick(card, 'name', 'formatted_name')) ??
          ([asString(pick(card, 'name', 'first_name')), asString(pick(card, 'name', 'last_name'))]
            .filter(Boolean)
            .join(' ') ||
            'Contact');
        const phones = asArray(pick(card, 'phones'))
          .map((p) => asString(pick(p, 'phone')) ?? asString(pick(p, 'wa_id')))
          .filter((p): p is string => !!p);
        return (
          <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <ContactPhoneOutlined fontSize="small" sx={{ mt: 0.25 }} />
            <Box>
              <Typography variant="body2" sx={{ fontWeight: 600 }} lang={lang}>
                {name}
              </Typography>
              {phones.map((p) => (
                <Typography key={p} variant="caption" component="div">
                  {p}
                </Typography>
              ))}
            </Box>
          </Stack>
        );
      })}
    </Stack>
  );
}

function InteractiveContent({ m, lang }: { m: Message; lang: string }) {
  let kind: string;
  let detail: string | null;
  if (m.messageType === 'button') {
    kind = 'Tapped a button';
    detail = asString(pick(rawPart(m, 'button'), 'payload'));
  } else {
    const body = asObject(rawPart(m, 'interactive'));
    const type = asString(body?.type);
    kind =
      type === 'list_reply'
        ? 'Chose from a list'
        : type === 'nfm_reply'
          ? 'Sent a form'
          : 'Tapped a button';
    detail = asString(pick(body ?? undefined, type ?? '', 'description'));
  }
  return (
    <Stack spacing={0.25}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary' }}>
        <SmartButtonOutlined fontSize="small" />
        <Typography variant="caption">{kind}</Typography>
      </Stack>
      <Text lang={lang}>{m.content || '—'}</Text>
      {detail && detail !== m.content ? (
        <Typography variant="caption" color="text.secondary">
          {detail}
        </Typography>
      ) : null}
    </Stack>
  );
}

/** What a message says, drawn for its type (media, location, contacts, buttons…). */
export function MessageContent({
  message: m,
  lang,
  reactedTo,
}: {
  message: Message;
  lang: string;
  /** For a reaction: the message it points at, quoted (when it is in this thread). */
  reactedTo?: ReactNode;
}) {
  switch (m.messageType) {
    case 'image':
    case 'sticker':
      return <ImageContent m={m} lang={lang} />;
    case 'voice':
    case 'audio':
      return <AudioContent m={m} lang={lang} />;
    case 'video':
      return <VideoContent m={m} lang={lang} />;
    case 'document':
      return <DocumentContent m={m} lang={lang} />;
    case 'location':
      return <LocationContent m={m} lang={lang} />;
    case 'contacts':
      return <ContactsContent m={m} lang={lang} />;
    case 'interactive':
    case 'button':
      return <InteractiveContent m={m} lang={lang} />;
    case 'reaction': {
      const removed = m.metadata.removed === true || !m.content;
      return (
        <Stack spacing={0.5} data-testid="message-reaction">
          <Typography variant="body2">
            {removed ? (
              'Removed a reaction'
            ) : (
              <>
                <Box component="span" sx={{ fontSize: 22, verticalAlign: 'middle', mr: 0.75 }}>
                  {m.content}
                </Box>
                reacted to a message
              </>
            )}
          </Typography>
          {reactedTo}
        </Stack>
      );
    }
    case 'system':
    case 'unsupported':
      return (
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ fontStyle: 'italic' }}
          data-testid="message-content"
        >
          {m.messageType === 'unsupported'
            ? `A message WhatsApp cannot show here${m.content ? ` (${m.content})` : ''}.`
            : m.content || 'System message'}
        </Typography>
      );
    case 'order':
      return <Text lang={lang}>{m.content || 'An order'}</Text>;
    case 'template':
    case 'text':
    default:
      return <Text lang={lang}>{m.content}</Text>;
  }
}
