import { describe, expect, it } from 'vitest';
import { stripReply } from '../../src/mail/strip.js';

const ask = '> Please update the VPN client to 5.2.\n>\n> --\n> John\n> Help Desk';

describe('stripReply: top-posted answers lose the history below them', () => {
  it.each([
    ['Gmail attribution and quote', 'Works now, thanks!\n\nOn Mon, 2 Mar 2026 at 09:30, Help Desk <help@example.com> wrote:\n> Please update.\n> John', 'Works now, thanks!'],
    ['attribution wrapped on two lines', 'Fixed.\n\nOn Mon, 2 Mar 2026 at 09:30, Help Desk\n<help@example.com> wrote:\n> old', 'Fixed.'],
    ['attribution wrapped on three lines', 'Fixed.\n\nOn Mon, 2 Mar 2026 at 09:30,\nHelp Desk from the IT team\n<help@example.com> wrote:\n> old', 'Fixed.'],
    ['Apple Mail', 'Done.\n\n> On 2 Mar 2026, at 09:30, Help Desk <help@example.com> wrote:\n>\n> Please update.', 'Done.'],
    ['Thunderbird without a date', 'Done.\n\nHelp Desk wrote:\n> Please update.', 'Done.'],
    ['Gmail date-first (ISO)', 'Erledigt.\n\n2026-03-02 9:30 GMT+01:00 Help Desk <help@example.com>:\n> Bitte aktualisieren.', 'Erledigt.'],
    ['Gmail date-first (Russian)', 'Готово.\n\nпн, 2 мар. 2026 г. в 09:30, Help Desk <help@example.com>:\n> Обновите клиент.', 'Готово.'],
    ['Gmail date-first (Japanese)', '直りました。\n\n2026年3月2日(月) 9:30 Help Desk <help@example.com>:\n> 更新してください。', '直りました。'],
    ['French, with the space before the colon', 'Merci !\n\nLe lun. 2 mars 2026 à 09:30, Help Desk <help@example.com> a écrit :\n> Veuillez mettre à jour.', 'Merci !'],
    ['German', 'Danke!\n\nAm 02.03.2026 um 09:30 schrieb Help Desk <help@example.com>:\n> alt', 'Danke!'],
    ['Spanish (ends in a non-ASCII letter)', '¡Gracias!\n\nEl lun, 2 mar 2026 a las 9:30, Help Desk (<help@example.com>) escribió:\n> Actualice el cliente.', '¡Gracias!'],
    ['Polish (ends in a non-ASCII letter)', 'Dzięki.\n\nW dniu 2.03.2026 o 09:30, Help Desk napisał:\n> Proszę zaktualizować.', 'Dzięki.'],
    ['Italian', 'Grazie.\n\nIl giorno lun 2 mar 2026 alle ore 09:30 Help Desk <help@example.com> ha scritto:\n> Aggiorna.', 'Grazie.'],
    ['Dutch', 'Bedankt.\n\nOp ma 2 mrt 2026 om 09:30 schreef Help Desk <help@example.com>:\n> Bijwerken.', 'Bedankt.'],
    ['Swedish', 'Tack.\n\nDen mån 2 mars 2026 kl 09:30 skrev Help Desk <help@example.com>:\n> Uppdatera.', 'Tack.'],
    ['Portuguese', 'Obrigado.\n\nEm seg., 2 de mar. de 2026 às 09:30, Help Desk <help@example.com> escreveu:\n> Atualize.', 'Obrigado.'],
    ['an attribution with unquoted history', 'Thanks!\n\nOn Mon, 2 Mar 2026 at 09:30, Help Desk <help@example.com> wrote:\nPlease update.\nJohn', 'Thanks!'],
    ['Outlook header block', 'Still broken.\n\n________________________________\nFrom: Help Desk <help@example.com>\nSent: Monday, March 2, 2026 9:30 AM\nTo: Karen\nSubject: Re: VPN\n\nPlease update.', 'Still broken.'],
    ['Outlook bold header block', 'Still broken.\n\n*From:* Help Desk <help@example.com>\n*Sent:* Monday, March 2, 2026 9:30 AM\n*To:* Karen Jones\n*Subject:* Re: VPN\n\nPlease update.', 'Still broken.'],
    ['Outlook, French', 'Toujours en panne.\n\nDe : Help Desk <help@example.com>\nEnvoyé : lundi 2 mars 2026 09:30\nÀ : Karen Jones\nObjet : RE: VPN\n\nVeuillez mettre à jour.', 'Toujours en panne.'],
    ['Outlook, Italian', 'Ancora rotto.\n\nDa: Help Desk <help@example.com>\nInviato: lunedì 2 marzo 2026 09:30\nA: Karen Jones\nOggetto: R: VPN\n\nAggiorna.', 'Ancora rotto.'],
    ['Outlook, Danish/Norwegian', 'Stadig i stykker.\n\nFra: Help Desk <help@example.com>\nSendt: 2. marts 2026 09:30\nTil: Karen Jones\nEmne: SV: VPN\n\nOpdater.', 'Stadig i stykker.'],
    ['Outlook, German', 'Immer noch kaputt.\n\nVon: Help Desk <help@example.com>\nGesendet: Montag, 2. März 2026 09:30\nAn: Karen Jones\nBetreff: AW: VPN\n\nBitte aktualisieren.', 'Immer noch kaputt.'],
    ['Outlook, Russian', 'Всё ещё не работает.\n\nОт: Help Desk <help@example.com>\nОтправлено: 2 марта 2026 г. 9:30\nКому: Karen Jones\nТема: RE: VPN\n\nОбновите.', 'Всё ещё не работает.'],
    ['Original Message separator', 'See below.\n-----Original Message-----\nFrom: x\nold text', 'See below.'],
    ['Original Message, German', 'Siehe unten.\n\n-----Ursprüngliche Nachricht-----\nVon: x\nalt', 'Siehe unten.'],
    ['trailing > quote without attribution', 'Yes, please.\n\n> Shall I reset it?\n> John', 'Yes, please.'],
    ['signature after "-- "', 'Printer works.\n\n-- \nAlice Martin\nAccounts', 'Printer works.'],
    ['mobile signature', 'On my way\n\nSent from my iPhone', 'On my way'],
    ['mobile signature, German', 'Bin unterwegs\n\nVon meinem iPhone gesendet', 'Bin unterwegs'],
    ['Get Outlook for iOS', 'Thanks\n\nGet Outlook for iOS', 'Thanks'],
    ['Samsung signature', 'Rebooted.\n\nSent from my Samsung Galaxy smartphone.', 'Rebooted.'],
    ['Spanish phone signature', 'Reiniciado.\n\nEnviado desde mi iPhone', 'Reiniciado.'],
    ['CRLF line ends', 'Thanks\r\n\r\nOn Mon, Karen wrote:\r\n> hi', 'Thanks'],
  ])('%s', (_name, text, expected) => {
    expect(stripReply(text)).toBe(expected);
  });
});

describe('stripReply: the sender’s words are never lost', () => {
  it('a bottom-posted answer keeps what is below the history', () => {
    const text = `Hi,\n\nOn Mon, 2 Mar 2026 at 09:30, Help Desk <help@example.com> wrote:\n${ask}\n\nDone: I updated to 5.2 and it still drops every hour.\n\nKaren`;
    expect(stripReply(text)).toBe('Hi,\n\nDone: I updated to 5.2 and it still drops every hour.\n\nKaren');
  });

  it('an inline-answered question list keeps the questions and every answer, not the attribution or quoted signature', () => {
    const text = [
      'Hi John, answers below.', '', 'On Mon, 2 Mar 2026 at 09:30, Help Desk <help@example.com> wrote:',
      '> Could you tell us:', '> 1. Which floor?', '3rd floor', '> 2. Which printer?', 'HP-3F, the one by the window',
      '> 3. Since when?', 'Since Friday.', '>', '> --', '> John', '', 'Thanks', 'Karen',
    ].join('\n');
    expect(stripReply(text)).toBe([
      'Hi John, answers below.', '', '> Could you tell us:', '> 1. Which floor?', '3rd floor', '> 2. Which printer?',
      'HP-3F, the one by the window', '> 3. Since when?', 'Since Friday.', '', 'Thanks', 'Karen',
    ].join('\n'));
  });

  it('keeps inline answers between quoted lines', () => {
    const text = '> Which floor?\n3rd floor.\n> Which printer?\nHP-3F.';
    expect(stripReply(text)).toBe(text);
  });

  it('a single quote they answer, without an attribution, is theirs to keep', () => {
    const text = '> Which floor?\n3rd floor.';
    expect(stripReply(text)).toBe(text);
  });

  it('"Sent from my …" inside a sentence is their words', () => {
    const text = 'Sent from my desk, is much easier than from the phone.\nThe form works there.';
    expect(stripReply(text)).toBe(text);
    expect(stripReply('It works.\nSent from my desk, is much easier')).toBe('It works.\nSent from my desk, is much easier');
  });

  it('a sentence of theirs ending in "wrote:" is not an attribution', () => {
    const text = 'About the error: 2 colleagues saw what Karen wrote:\nthe VPN drops at 10:00.';
    expect(stripReply(text)).toBe(text);
  });

  it('a "From:" line of theirs is not an Outlook header block', () => {
    const text = 'From: the 3rd floor\nTo the help desk: the printer is down.';
    expect(stripReply(text)).toBe(text);
  });

  it('keeps a forwarded message: it is the content', () => {
    const text = 'FYI, this came in:\n\n---------- Forwarded message ---------\nFrom: Vendor <v@example.com>\nDate: Mon, 2 Mar 2026\nSubject: Outage\nTo: Help Desk <help@example.com>\n\nOur service is down.';
    expect(stripReply(text)).toBe(text);
  });

  it('keeps the whole text when stripping would leave nothing', () => {
    expect(stripReply('> only a quote\n> nothing else')).toBe('> only a quote\n> nothing else');
  });

  it('does not take a long text after "--" for a signature', () => {
    const text = `Steps:\n--\n${Array.from({ length: 20 }, (_, i) => `step ${i}`).join('\n')}`;
    expect(stripReply(text)).toBe(text);
  });
});
