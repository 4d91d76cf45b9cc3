//! The card step's state machine (SPEC §4.8), without the browser: what opening the step,
//! a card read's end, the URL and a phone signature's answer each lead to. The SPA's
//! `CardStep` (src/components/card_step/) keeps the [`Stage`] in one signal and does what
//! these functions decide; e2e reaches them only through whole flows, so they are tested
//! here, case by case.
//!
//! The step: PIN dialog → card-read screen (`?step=card`) → done, or back to the PIN dialog
//! with the tries the card reported, or locked. On a signing step that offers the phone
//! signing credential, a person with one gets the phone screen first.

/// What the PIN dialog tells the person, from the card's last answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinNotice {
    /// 63Cx: this many tries left.
    WrongPin(u8),
    /// 63C0/6983/6984: no input, no VERIFY, what to do instead.
    Locked,
}

/// Whether this step offers the phone signing credential, and for whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneOffer {
    /// Not on this step (login, card-info reads, registering the credential itself).
    Off,
    /// Asking the server whether the person has one.
    Loading,
    /// Offered, but the person has none: the card as ever.
    NotRegistered,
    Registered {
        locked: bool,
    },
}

/// The phone screen's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneState {
    Ready,
    /// 「電子署名する」 pressed: the password checked, the phone asked, the step submitted.
    Signing,
    /// Refused (a wrong password with its tries left, a cancelled prompt, …): what to say.
    Refused(String),
    /// Five wrong passwords: only the card is left.
    Locked,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadState {
    Ready,
    /// Waiting for the card (native host or Web NFC).
    Waiting,
    /// READ BINARY progress of the EF being read: (bytes read, total).
    Reading(usize, usize),
    Done,
    Failed,
}

/// Where the card step is: the one state the SPA keeps for it (one signal), so that the
/// PIN dialog, the phone screen and the card-read screen cannot be shown at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The flow's own page, nothing open.
    Page,
    /// The page with the PIN dialog open.
    PinDialog,
    /// The page with the phone screen open, in this state.
    Phone(PhoneState),
    /// The card-read screen (`?step=card`), its read in this state.
    Card(ReadState),
}

impl Stage {
    /// The card-read screen's read, when it is shown.
    pub fn read(&self) -> Option<ReadState> {
        match self {
            Stage::Card(read) => Some(*read),
            _ => None,
        }
    }

    /// The phone screen's state, when it is open.
    pub fn phone(&self) -> Option<&PhoneState> {
        match self {
            Stage::Phone(state) => Some(state),
            _ => None,
        }
    }

    /// A read moved on (its progress, its end): only the card-read screen shows it, so a
    /// read that ends after the person left that screen changes nothing.
    pub fn set_read(&mut self, read: ReadState) {
        if let Stage::Card(r) = self {
            *r = read;
        }
    }

    /// The phone's answer: only an open phone screen shows it.
    pub fn set_phone(&mut self, state: PhoneState) {
        if let Stage::Phone(s) = self {
            *s = state;
        }
    }

    /// × / Esc / 「やめる」 / the platform's close on either dialog: the page again. `None`
    /// when no dialog is open (a second close changes nothing).
    pub fn closed(&self) -> Option<Stage> {
        match self {
            Stage::PinDialog | Stage::Phone(_) => Some(Stage::Page),
            Stage::Page | Stage::Card(_) => None,
        }
    }
}

/// Where opening the step leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    /// The phone offer is still being asked: open once it is known.
    AwaitPhoneOffer,
    /// The phone screen: [`PhoneState::Locked`] when `locked`, else [`PhoneState::Ready`].
    Phone { locked: bool },
    /// This device's reader is still being picked: open once it is.
    AwaitReader,
    /// Nothing on this device can read a card: said on the page.
    NoReader,
    /// The PIN dialog.
    PinDialog,
}

impl Open {
    /// The stage opening leads to, when it opens a dialog now.
    pub fn stage(self) -> Option<Stage> {
        match self {
            Open::Phone { locked: true } => Some(Stage::Phone(PhoneState::Locked)),
            Open::Phone { locked: false } => Some(Stage::Phone(PhoneState::Ready)),
            Open::PinDialog => Some(Stage::PinDialog),
            Open::AwaitPhoneOffer | Open::AwaitReader | Open::NoReader => None,
        }
    }
}

/// Opening the step: the phone screen for a person with a phone credential (when this
/// step offers it), else the card's PIN dialog ([`open_card`]). `reader`: `None` while
/// the device's reader is being picked, then whether there is one.
pub fn open(phone: PhoneOffer, reader: Option<bool>) -> Open {
    match phone {
        PhoneOffer::Loading => Open::AwaitPhoneOffer,
        PhoneOffer::Registered { locked } => Open::Phone { locked },
        PhoneOffer::Off | PhoneOffer::NotRegistered => open_card(reader),
    }
}

/// Opening the PIN dialog (also 「お手元のカードを利用する」 from the phone screen).
pub fn open_card(reader: Option<bool>) -> Open {
    match reader {
        None => Open::AwaitReader,
        Some(false) => Open::NoReader,
        Some(true) => Open::PinDialog,
    }
}

/// May 「読み取り開始」 start a read now? Not while one runs, nor after it is done.
pub fn may_start_read(read: ReadState) -> bool {
    !matches!(read, ReadState::Waiting | ReadState::Reading(..) | ReadState::Done)
}

/// How a card read ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadEnd {
    Done,
    /// The card refused the PIN with this many tries left.
    WrongPin(u8),
    /// The PIN is locked.
    Locked,
    /// Anything else (the card taken away, the server's refusal, …): said on the screen.
    Failed,
}

/// After a read: the read state, and `Some(notice)` when the PIN was refused — then the
/// step goes back to the PIN dialog, which opens with the notice.
pub fn after_read(end: ReadEnd) -> (ReadState, Option<PinNotice>) {
    match end {
        ReadEnd::Done => (ReadState::Done, None),
        ReadEnd::WrongPin(tries_left) => (ReadState::Ready, Some(PinNotice::WrongPin(tries_left))),
        ReadEnd::Locked => (ReadState::Ready, Some(PinNotice::Locked)),
        ReadEnd::Failed => (ReadState::Failed, None),
    }
}

/// What the URL (`?step=card` or not) asks of the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlChange {
    /// The card-read screen, with the PIN just entered.
    ShowCard,
    /// The card-read URL without a PIN in memory (a reload, a deep link): back to the
    /// page, saying the read was interrupted.
    Reloaded,
    /// Back from the card-read screen to the page: with the PIN dialog again (the PIN
    /// forgotten) unless the read was done.
    BackFromCard { pin_again: bool },
    /// Nothing to change.
    Stay,
}

/// The URL says where the step is: `on_card` (`?step=card`), whether a PIN is in memory,
/// and the stage now.
pub fn follow_url(on_card: bool, has_pin: bool, stage: &Stage) -> UrlChange {
    match (on_card, stage) {
        (true, _) if has_pin => UrlChange::ShowCard,
        (true, _) => UrlChange::Reloaded,
        (false, Stage::Card(read)) => UrlChange::BackFromCard { pin_again: *read != ReadState::Done },
        (false, _) => UrlChange::Stay,
    }
}

impl UrlChange {
    /// The stage the change leads to from `stage` (`None`: it stays).
    pub fn stage(self, stage: &Stage) -> Option<Stage> {
        match self {
            // Entered with the PIN just given: a fresh read (a read under way stays).
            UrlChange::ShowCard => match stage {
                Stage::Card(_) => None,
                _ => Some(Stage::Card(ReadState::Ready)),
            },
            UrlChange::Reloaded => Some(Stage::Page),
            UrlChange::BackFromCard { pin_again: true } => Some(Stage::PinDialog),
            UrlChange::BackFromCard { pin_again: false } => Some(Stage::Page),
            UrlChange::Stay => None,
        }
    }
}

/// What the phone screen does after 「電子署名する」's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneNext {
    /// Signed (the flow moves on), or ready for another try.
    Ready,
    /// Five wrong passwords: the offer is now locked; only the card is left.
    Locked,
    /// The credential was deleted meanwhile (on another device): the card, as for anyone
    /// without one.
    UseCard,
    /// Refused: the refusal's message is said on the screen.
    Refused,
}

/// The server's refusal code when the password locks (crates/server phone_credential).
pub const PHONE_LOCKED: &str = "phone_password_locked";
/// … when the person has no credential (any more).
pub const PHONE_NONE: &str = "phone_credential_none";

/// The phone signature's outcome: `Ok`, or `Err` with the server's refusal code (`None`
/// when the server did not refuse: a cancelled prompt, the network).
pub fn after_phone_signature(result: Result<(), Option<&str>>) -> PhoneNext {
    match result {
        Ok(()) => PhoneNext::Ready,
        Err(Some(PHONE_LOCKED)) => PhoneNext::Locked,
        Err(Some(PHONE_NONE)) => PhoneNext::UseCard,
        Err(_) => PhoneNext::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READERS: [Option<bool>; 3] = [None, Some(false), Some(true)];

    #[test]
    fn opening_gives_the_phone_screen_only_to_a_person_with_a_credential() {
        for reader in READERS {
            assert_eq!(open(PhoneOffer::Loading, reader), Open::AwaitPhoneOffer, "{reader:?}");
            assert_eq!(open(PhoneOffer::Registered { locked: false }, reader), Open::Phone { locked: false });
            assert_eq!(open(PhoneOffer::Registered { locked: true }, reader), Open::Phone { locked: true });
            // Not offered, or offered to someone without one: the card, as open_card says.
            assert_eq!(open(PhoneOffer::Off, reader), open_card(reader));
            assert_eq!(open(PhoneOffer::NotRegistered, reader), open_card(reader));
        }
    }

    #[test]
    fn the_pin_dialog_waits_for_the_reader_and_needs_one() {
        assert_eq!(open_card(None), Open::AwaitReader);
        assert_eq!(open_card(Some(false)), Open::NoReader);
        assert_eq!(open_card(Some(true)), Open::PinDialog);
    }

    #[test]
    fn a_read_starts_once_and_again_only_after_a_failure() {
        assert!(may_start_read(ReadState::Ready));
        assert!(may_start_read(ReadState::Failed), "「再読み取り」");
        for busy in [ReadState::Waiting, ReadState::Reading(0, 0), ReadState::Reading(10, 100), ReadState::Done] {
            assert!(!may_start_read(busy), "{busy:?}");
        }
    }

    #[test]
    fn a_refused_pin_goes_back_to_the_dialog_with_the_cards_count() {
        assert_eq!(after_read(ReadEnd::Done), (ReadState::Done, None));
        for n in [1, 2, 4] {
            assert_eq!(after_read(ReadEnd::WrongPin(n)), (ReadState::Ready, Some(PinNotice::WrongPin(n))));
        }
        assert_eq!(after_read(ReadEnd::Locked), (ReadState::Ready, Some(PinNotice::Locked)));
        // Any other failure stays on the card-read screen (「再読み取り」), no notice.
        assert_eq!(after_read(ReadEnd::Failed), (ReadState::Failed, None));
    }

    const READS: [ReadState; 5] =
        [ReadState::Ready, ReadState::Waiting, ReadState::Reading(1, 2), ReadState::Done, ReadState::Failed];

    fn stages() -> Vec<Stage> {
        let mut all = vec![Stage::Page, Stage::PinDialog];
        all.extend(
            [PhoneState::Ready, PhoneState::Signing, PhoneState::Refused("x".into()), PhoneState::Locked]
                .map(Stage::Phone),
        );
        all.extend(READS.map(Stage::Card));
        all
    }

    #[test]
    fn the_url_moves_the_step() {
        for stage in stages() {
            // The card-read URL: shown with a PIN in memory, else interrupted.
            assert_eq!(follow_url(true, true, &stage), UrlChange::ShowCard);
            assert_eq!(follow_url(true, false, &stage), UrlChange::Reloaded);
            assert_eq!(UrlChange::Reloaded.stage(&stage), Some(Stage::Page));
            // Off the card-read screen, the page's URL changes nothing.
            if stage.read().is_none() {
                assert_eq!(follow_url(false, true, &stage), UrlChange::Stay, "{stage:?}");
                assert_eq!(UrlChange::ShowCard.stage(&stage), Some(Stage::Card(ReadState::Ready)), "{stage:?}");
            }
        }
        for read in READS {
            // Back from the card-read screen: the PIN dialog again, unless the read was done.
            let expected = UrlChange::BackFromCard { pin_again: read != ReadState::Done };
            assert_eq!(follow_url(false, true, &Stage::Card(read)), expected, "{read:?}");
            assert_eq!(follow_url(false, false, &Stage::Card(read)), expected, "{read:?}");
            let back = if read == ReadState::Done { Stage::Page } else { Stage::PinDialog };
            assert_eq!(expected.stage(&Stage::Card(read)), Some(back), "{read:?}");
            // The card-read URL again while its screen is shown: the read under way stays.
            assert_eq!(UrlChange::ShowCard.stage(&Stage::Card(read)), None);
        }
        assert_eq!(UrlChange::Stay.stage(&Stage::PinDialog), None);
    }

    #[test]
    fn only_one_thing_is_open_and_a_close_leads_back_to_the_page() {
        for stage in stages() {
            let expected = match stage {
                Stage::PinDialog | Stage::Phone(_) => Some(Stage::Page),
                _ => None,
            };
            assert_eq!(stage.closed(), expected, "{stage:?}");
        }
        // Opening shows one dialog, or none yet.
        assert_eq!(Open::PinDialog.stage(), Some(Stage::PinDialog));
        assert_eq!(Open::Phone { locked: false }.stage(), Some(Stage::Phone(PhoneState::Ready)));
        assert_eq!(Open::Phone { locked: true }.stage(), Some(Stage::Phone(PhoneState::Locked)));
        for waiting in [Open::AwaitPhoneOffer, Open::AwaitReader, Open::NoReader] {
            assert_eq!(waiting.stage(), None, "{waiting:?}");
        }
    }

    #[test]
    fn a_read_or_a_phone_answer_shows_only_on_its_own_screen() {
        for stage in stages() {
            let mut read = stage.clone();
            read.set_read(ReadState::Reading(3, 9));
            match stage {
                Stage::Card(_) => assert_eq!(read, Stage::Card(ReadState::Reading(3, 9))),
                // The person went back meanwhile: the read's progress opens nothing.
                _ => assert_eq!(read, stage),
            }
            let mut phone = stage.clone();
            phone.set_phone(PhoneState::Locked);
            match stage {
                Stage::Phone(_) => assert_eq!(phone, Stage::Phone(PhoneState::Locked)),
                _ => assert_eq!(phone, stage),
            }
        }
    }

    #[test]
    fn a_phone_signatures_answer_moves_the_phone_screen() {
        assert_eq!(after_phone_signature(Ok(())), PhoneNext::Ready);
        assert_eq!(after_phone_signature(Err(Some("phone_password_locked"))), PhoneNext::Locked);
        assert_eq!(after_phone_signature(Err(Some("phone_credential_none"))), PhoneNext::UseCard);
        for other in ["phone_password_wrong", "phone_counter_regressed", "challenge_used", "network"] {
            assert_eq!(after_phone_signature(Err(Some(other))), PhoneNext::Refused, "{other}");
        }
        // Not the server's (a cancelled prompt): said as it is.
        assert_eq!(after_phone_signature(Err(None)), PhoneNext::Refused);
    }
}
