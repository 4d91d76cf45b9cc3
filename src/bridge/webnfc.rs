//! Web NFC (`NDEFReader`, Chrome on Android). It reads and writes NDEF messages only: it
//! has no ISO-DEP (ISO/IEC 14443-4) channel, so it cannot SELECT, VERIFY, READ BINARY or
//! SIGN — it cannot send a single APDU to a My Number card. It is used to notice that the
//! person held a card to the phone and then to tell them what can read it instead.

use jpki::{LocalBoxFuture, Transport, TransportError};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{BeginError, CardReader, ReaderKind};

pub struct WebNfc;

impl WebNfc {
    pub fn available() -> bool {
        web_sys::window()
            .and_then(|w| Reflect::get(&w, &JsValue::from_str("NDEFReader")).ok())
            .is_some_and(|c| c.is_function())
    }

    /// Scans until a tag is in range (an NDEF reading, or — for a My Number card, which
    /// carries no NDEF — a reading error), then stops scanning.
    async fn wait_for_tap() -> Result<(), TransportError> {
        let window = web_sys::window().ok_or(TransportError::NoReader)?;
        let ctor: Function = Reflect::get(&window, &JsValue::from_str("NDEFReader"))
            .ok()
            .and_then(|c| c.dyn_into().ok())
            .ok_or(TransportError::NoReader)?;
        let reader = Reflect::construct(&ctor, &Array::new()).map_err(|_| TransportError::NoReader)?;
        let reader: web_sys::EventTarget = reader.unchecked_into();
        let abort = web_sys::AbortController::new().map_err(|_| TransportError::NoReader)?;

        let tapped = Promise::new(&mut |resolve, _reject| {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            options.set_signal(&abort.signal());
            for event in ["reading", "readingerror"] {
                let _ =
                    reader.add_event_listener_with_callback_and_add_event_listener_options(event, &resolve, &options);
            }
        });
        let scan_options = js_sys::Object::new();
        let _ = Reflect::set(&scan_options, &JsValue::from_str("signal"), &abort.signal());
        let scan: Function = Reflect::get(&reader, &JsValue::from_str("scan"))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or(TransportError::NoReader)?;
        let started = scan.call1(&reader, &scan_options).map_err(|_| TransportError::NoReader)?;
        // Refused permission or NFC turned off: nothing here can read the card.
        JsFuture::from(Promise::resolve(&started)).await.map_err(|_| TransportError::NoReader)?;
        let _ = JsFuture::from(tapped).await;
        abort.abort();
        Ok(())
    }
}

impl Transport for WebNfc {
    fn transceive<'a>(&'a self, _apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        Box::pin(async { Err(TransportError::NoReader) })
    }
}

impl CardReader for WebNfc {
    fn kind(&self) -> ReaderKind {
        ReaderKind::WebNfc
    }

    fn transport(&self) -> &dyn Transport {
        self
    }

    fn begin(&self) -> LocalBoxFuture<'_, Result<(), BeginError>> {
        Box::pin(async {
            Self::wait_for_tap().await.map_err(BeginError::Transport)?;
            Err(BeginError::DetectedOnly)
        })
    }
}
