/**
 * The words mail programs put above quoted history, in the languages and clients we meet. Compiled
 * on first use (Unicode regular expressions cost start-up time, and only `mail ingest` needs them).
 * No `\b` next to a word that may end in a non-ASCII letter ("escribió", "napisał"): JavaScript's `\b`
 * knows only ASCII word characters, so `\b` after "ó" never matches.
 */

/** "wrote:" as Gmail, Apple Mail and Thunderbird say it, in the common languages. */
const WROTE = [
  'wrote', 'writes', 'a écrit', 'a ecrit', 'schrieb', 'hat geschrieben', 'escribió', 'escribio', 'ha scritto', 'scrisse',
  'schreef', 'heeft geschreven', 'skrev', 'kirjoitti', 'napisał', 'napisała', 'napisal', 'escreveu', 'írta', 'napsal',
  'napísal', 'написал', 'написала', 'пишет', 'написав', 'yazdı', 'έγραψε', 'scrie', 'a scris', 'je napisao', 'kirjutas',
  'rakstīja', 'rašė', 'כתב', 'كتب', '写道', 'が書きました', '님이 작성', 'menulis', 'viết',
];

/** The first field of an Outlook header block ("From:"), localised. */
const FROM_KEYS = [
  'From', 'De', 'Da', 'Von', 'Van', 'Fra', 'Från', 'Od', 'От', 'Від', 'Lähettäjä', 'Feladó', 'Kimden', 'Από', 'Pengirim',
  'Từ', 'Saatja', 'Nuo', 'No', 'Expéditeur', 'Remitente', 'Mittente', 'Afzender', 'Avsändare', 'Afsender', 'Avsender',
  'Nadawca', 'Отправитель', 'Remetente', 'Odesílatel', 'Gönderen', '发件人', '寄件者', '差出人', '보낸 사람',
];

/** The fields that follow it: Sent/Date/To/Subject/Cc, localised. */
const NEXT_KEYS = [
  'Sent', 'Date', 'To', 'Subject', 'Cc', 'Envoyé', 'Objet', 'À', 'A', 'Enviado', 'Enviado el', 'Fecha', 'Para', 'Asunto',
  'Assunto', 'Inviato', 'Data', 'Oggetto', 'Gesendet', 'Datum', 'An', 'Betreff', 'Verzonden', 'Aan', 'Onderwerp',
  'Sendt', 'Skickat', 'Til', 'Till', 'Emne', 'Ämne', 'Wysłano', 'Wysłane', 'Do', 'Temat', 'Отправлено', 'Дата', 'Кому',
  'Тема', 'Надіслано', 'Lähetetty', 'Vastaanottaja', 'Aihe', 'Elküldve', 'Címzett', 'Tárgy', 'Gönderildi', 'Tarih',
  'Kime', 'Konu', 'Στάλθηκε', 'Ημερομηνία', 'Προς', 'Θέμα', 'Odesláno', 'Komu', 'Předmět', 'Dikirim', 'Kepada', 'Perihal',
  '发送时间', '日期', '收件人', '主题', '寄件日期', '收件者', '主旨', '送信日時', '日付', '宛先', '件名', '보낸 날짜', '받는 사람', '제목',
];

/** "-----Original Message-----", localised. */
const ORIGINAL = [
  'Original Message', 'Ursprüngliche Nachricht', "Message d'origine", 'Message original', 'Mensaje original',
  'Messaggio originale', 'Oorspronkelijk bericht', 'Originalmeddelande', 'Oprindelig meddelelse', 'Opprinnelig melding',
  'Wiadomość oryginalna', 'Исходное сообщение', 'Mensagem original', 'Alkuperäinen viesti', 'Eredeti üzenet',
  'Původní zpráva', 'Orijinal İleti', 'Αρχικό μήνυμα', 'Original Nachricht', 'Reply message',
];

const FORWARDS = [
  'Forwarded message', 'Forwarded Message', 'Weitergeleitete Nachricht', 'Message transféré', 'Mensaje reenviado',
  'Messaggio inoltrato', 'Doorgestuurd bericht', 'Vidarebefordrat meddelande', 'Videresendt meddelelse',
  'Wiadomość przekazana', 'Пересылаемое сообщение', 'Mensagem encaminhada',
];

/** Whole-line signatures of phones and mail apps ("Sent from my iPhone"), never a sentence. */
const DEVICE = 'iPhone|iPad|iPod|Apple Watch|Android|mobile|mobile device|phone|smartphone|cell ?phone|Samsung[\\w ]*|Galaxy[\\w ]*|BlackBerry[\\w ®]*|Huawei[\\w ]*|Pixel[\\w ]*|Xiaomi[\\w ]*|OnePlus[\\w ]*|Nokia[\\w ]*|Windows Phone|Sony[\\w ]*|Motorola[\\w ]*|HTC[\\w ]*|LG[\\w ]*|tablet|Surface';
const MOBILE = [
  `Sent from my (?:${DEVICE})`, 'Sent from (?:Mail|Outlook|Yahoo Mail|AOL|Gmail|ProtonMail|Proton Mail) (?:for|on) [\\w ]+',
  'Sent from (?:Outlook|Mail|my iPhone|my iPad)', 'Get Outlook for [\\w ]+', 'Sent with Proton Mail[\\w ]*',
  `Sent via (?:${DEVICE})`, 'Envoyé de mon (?:iPhone|iPad|Android|smartphone|mobile|appareil mobile)',
  'Envoyé depuis (?:mon iPhone|Outlook pour [\\w ]+)', 'Von meinem (?:iPhone|iPad|Android|Smartphone|Handy|Samsung[\\w ]*) gesendet',
  'Gesendet von (?:meinem iPhone|Outlook für [\\w ]+)', 'Enviado desde mi (?:iPhone|iPad|Android|smartphone|móvil|celular)',
  'Enviado do meu (?:iPhone|iPad|Android|smartphone|celular)', 'Inviato da (?:iPhone|iPad|il mio iPhone|smartphone)',
  'Verzonden (?:vanaf|met) mijn (?:iPhone|iPad|Android|smartphone)', 'Skickat från min (?:iPhone|iPad|mobil)',
  'Sendt fra min (?:iPhone|iPad|mobil)', 'Wysłane z (?:iPhone\'?a|mojego iPhone\'?a|telefonu)', 'Отправлено с (?:iPhone|iPad|Android)',
];

const alt = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');

export interface ReplyPatterns {
  /** Ends like an attribution: "… wrote:", "… a écrit :", "… <help@example.com>:". */
  attributionEnd: RegExp;
  /** Starts like one ("On …", "Le …", "Am …", a date), for wrapped attributions. */
  attributionStart: RegExp;
  /** The words that open an attribution followed by unquoted history ("On", "Le", "Am" …). */
  historyLead: RegExp;
  outlookFrom: RegExp;
  outlookNext: RegExp;
  original: RegExp;
  forward: RegExp;
  mobile: RegExp;
}

let compiled: ReplyPatterns | undefined;

export function patterns(): ReplyPatterns {
  compiled ??= {
    // The verb, optionally followed by a trailing address or date in parentheses; then the colon.
    attributionEnd: new RegExp(`(?:^|[\\s,)>"'])(?:${alt(WROTE)})(?:\\s*\\([^)]*\\))?\\s*[:：]\\s*$|<[^<>\\s]+@[^<>\\s]+>\\s*[:：]\\s*$`, 'iu'),
    attributionStart: /^(?:On|Le|Am|El|Il|Op|Den|Dne|W dniu|Em|No dia|Në|Pe|Dana|Dňa|\d|[\p{L}]{1,4}[.,]?\s+\d)/iu,
    historyLead: /^(?:On|Le|Am|El|Il|Op|Den|Dne|W dniu|Em|No dia|Pe|Dana|Dňa)\s/iu,
    outlookFrom: new RegExp(`^[*_]{0,2}(?:${alt(FROM_KEYS)})[*_]{0,2}\\s*[:：][*_]{0,2}\\s*\\S`, 'iu'),
    outlookNext: new RegExp(`^[*_]{0,2}(?:${alt(NEXT_KEYS)})[*_]{0,2}\\s*[:：][*_]{0,2}(?:\\s|$)`, 'iu'),
    original: new RegExp(`^-{2,}\\s*(?:${alt(ORIGINAL)})\\s*-{2,}$`, 'iu'),
    forward: new RegExp(`^(?:-{2,}\\s*(?:${alt(FORWARDS)})\\s*-{2,}|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:|Début du message réexpédié :?)$`, 'iu'),
    mobile: new RegExp(`^(?:${MOBILE.join('|')})[.!]?$`, 'iu'),
  };
  return compiled;
}
