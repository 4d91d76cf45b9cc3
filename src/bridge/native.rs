//! The native host: the portal's phone app shows this SPA in a WebView and lends it the
//! phone's NFC (ISO-DEP). The contract (docs/bridge.md):
//!
//! * The app defines `window.mynaCardBridge.postMessage(text)` before the page's scripts
//!   run (Android: `addJavascriptInterface(obj, "mynaCardBridge")`; iOS: a user script
//!   forwarding to `webkit.messageHandlers`). The page sends it JSON text:
//!   - `{"type":"myna-card/begin","id":"1"}` — start an NFC session and answer once a card
//!     is connected;
//!   - `{"type":"myna-card/transceive","id":"2","apdu":"<b64>"}` — send one command APDU;
//!   - `{"type":"myna-card/end"}` — the page is done (no answer).
//! * The app answers on the page's `window` with `window.postMessage(message, origin)` from
//!   script it evaluates (an object or its JSON text):
//!   - `{"type":"myna-card/response","id":"2","response":"<b64 data+SW>"}`, or
//!     `{"type":"myna-card/response","id":"2","error":"removed"}` (`removed`, `no_reader`,
//!     `timeout`, or any text for logs);
//!   - events `{"type":"myna-card/present"}` and `{"type":"myna-card/removed"}`; a removal
//!     fails every pending request with "card removed".

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use jpki::{LocalBoxFuture, Transport, TransportError};
use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{b64, BeginError, CardReader, ReaderKind};

/// The object the app puts on `window`.
pub const HOST_OBJECT: &str = "mynaCardBridge";
pub const BEGIN: &str = "myna-card/begin";
pub const TRANSCEIVE: &str = "myna-card/transceive";
pub const END: &str = "myna-card/end";
pub const RESPONSE: &str = "myna-card/response";
pub const PRESENT: &str = "myna-card/present";
pub const REMOVED: &str = "myna-card/removed";
/// The PC bridge serves another page (crates/card_bridge).
pub const REFUSED: &str = "myna-card/refused";

/// How long one APDU may take before the page gives up.
const TRANSCEIVE_TIMEOUT_MS: i32 = 15_000;
/// How long the page waits for a card after 「読み取り開始」.
const BEGIN_TIMEOUT_MS: i32 = 60_000;

struct Pending {
    resolve: Function,
    reject: Function,
}

#[derive(Default)]
struct Shared {
    /// Requests waiting for their `myna-card/response`, by id (one or two at a time).
    pending: RefCell<Vec<(String, Pending)>>,
    present: Cell<bool>,
    /// The PC bridge's socket closed or refused this page: every request fails at once.
    gone: Cell<Option<&'static str>>,
}

impl Shared {
    fn settle(&self, id: &str, outcome: Result<JsValue, JsValue>) {
        let p = {
            let mut pending = self.pending.borrow_mut();
            let Some(at) = pending.iter().position(|(k, _)| k == id) else { return };
            pending.swap_remove(at).1
        };
        let _ = match outcome {
            Ok(v) => p.resolve.call1(&JsValue::NULL, &v),
            Err(e) => p.reject.call1(&JsValue::NULL, &e),
        };
    }

    fn fail_all(&self, reason: &str) {
        let all: Vec<Pending> = self.pending.borrow_mut().drain(..).map(|(_, p)| p).collect();
        for p in all {
            let _ = p.reject.call1(&JsValue::NULL, &JsValue::from_str(reason));
        }
    }

    /// The channel is gone (the PC bridge closed or refused): pending and later requests fail.
    fn close(&self, reason: &'static str) {
        if self.gone.get().is_none() {
            self.gone.set(Some(reason));
        }
        self.present.set(false);
        self.fail_all(self.gone.get().unwrap_or(reason));
    }

    fn on_message(&self, data: JsValue) {
        let data = match data.as_string() {
            Some(text) => match JSON::parse(&text) {
                Ok(v) => v,
                Err(_) => return,
            },
            None => data,
        };
        if !data.is_object() {
            return;
        }
        let field = |name: &str| Reflect::get(&data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        match field("type").as_string().as_deref() {
            Some(RESPONSE) => {
                let id = field("id");
                // A string, as sent; a host that echoes it as a number is forgiven (integers
                // only: formatting floats would cost the wasm kilobytes).
                let id = id
                    .as_string()
                    .or_else(|| id.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0).map(|n| (n as u64).to_string()));
                let Some(id) = id else { return };
                let error = field("error");
                if error.is_undefined() || error.is_null() {
                    self.settle(&id, Ok(data.clone()));
                } else {
                    let text = error.as_string().unwrap_or_else(|| "error".into());
                    self.settle(&id, Err(JsValue::from_str(&text)));
                }
            }
            Some(PRESENT) => self.present.set(true),
            Some(REMOVED) => {
                self.present.set(false);
                self.fail_all("removed");
            }
            Some(REFUSED) => self.close("busy"),
            _ => {}
        }
    }
}

pub struct NativeHost {
    kind: ReaderKind,
    host: JsValue,
    post: Function,
    next_id: Cell<u32>,
    shared: Rc<Shared>,
    _listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
    /// The PC bridge's `close` handler.
    _on_close: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

fn transport_error(reason: &str) -> TransportError {
    match reason {
        "removed" => TransportError::CardRemoved,
        "no_reader" => TransportError::NoReader,
        "busy" => TransportError::ReaderBusy,
        other => TransportError::Io(format!("native host: {other}")),
    }
}

impl NativeHost {
    /// The host app's bridge, if this page runs inside it.
    pub fn detect() -> Option<NativeHost> {
        let window = web_sys::window()?;
        let host = Reflect::get(&window, &JsValue::from_str(HOST_OBJECT)).ok()?;
        if !host.is_object() {
            return None;
        }
        let post = Reflect::get(&host, &JsValue::from_str("postMessage")).ok()?.dyn_into::<Function>().ok()?;
        let shared = Rc::new(Shared::default());
        let own_origin = window.location().origin().ok();
        let from_window = window.clone();
        let sink = shared.clone();
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            // Only this page (script the app evaluates) or the WebView's own message
            // channel (empty origin, no source); never another frame.
            let origin = ev.origin();
            let same_origin = origin.is_empty() || Some(&origin) == own_origin.as_ref();
            let from_here = ev.source().is_none_or(|s| Object::is(&s, &from_window));
            if same_origin && from_here {
                sink.on_message(ev.data());
            }
        });
        window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref()).ok()?;
        Some(NativeHost {
            kind: ReaderKind::Native,
            host,
            post,
            next_id: Cell::new(1),
            shared,
            _listener: listener,
            _on_close: None,
        })
    }

    /// The same contract over the PC card reader bridge's open WebSocket (docs/bridge.md):
    /// messages are its `message` events; its `close` (the bridge stopped, or refused
    /// this page) fails every request as a removal, so a read never hangs.
    pub(super) fn over_websocket(socket: JsValue) -> Option<NativeHost> {
        let post = Reflect::get(&socket, &JsValue::from_str("send")).ok()?.dyn_into::<Function>().ok()?;
        let shared = Rc::new(Shared::default());
        let sink = shared.clone();
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            sink.on_message(ev.data())
        });
        let sink = shared.clone();
        // A `CloseEvent`, taken as the one closure type already here (its fields are not read).
        let on_close = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| sink.close("removed"));
        let target = socket.unchecked_ref::<web_sys::EventTarget>();
        target.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref()).ok()?;
        target.add_event_listener_with_callback("close", on_close.as_ref().unchecked_ref()).ok()?;
        Some(NativeHost {
            kind: ReaderKind::Pc,
            host: socket,
            post,
            next_id: Cell::new(1),
            shared,
            _listener: listener,
            _on_close: Some(on_close),
        })
    }

    fn message(kind: &str) -> Object {
        let msg = Object::new();
        let _ = Reflect::set(&msg, &JsValue::from_str("type"), &JsValue::from_str(kind));
        msg
    }

    fn post(&self, msg: &Object) -> Result<(), String> {
        let text = JSON::stringify(msg).map_err(|_| "stringify".to_string())?;
        self.post
            .call1(&self.host, &text)
            .map(|_| ())
            .map_err(|e| e.as_string().unwrap_or_else(|| "postMessage failed".into()))
    }

    /// Sends `msg` with a fresh id and waits for the matching `myna-card/response`.
    async fn request(&self, msg: Object, timeout_ms: i32) -> Result<JsValue, String> {
        if let Some(reason) = self.shared.gone.get() {
            return Err(reason.into());
        }
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let id = id.to_string();
        let _ = Reflect::set(&msg, &JsValue::from_str("id"), &JsValue::from_str(&id));
        let promise = Promise::new(&mut |resolve, reject| {
            self.shared.pending.borrow_mut().push((id.clone(), Pending { resolve, reject }));
        });
        if let Err(e) = self.post(&msg) {
            self.shared.pending.borrow_mut().retain(|(k, _)| k != &id);
            return Err(e);
        }
        let shared = self.shared.clone();
        let timer_id = id.clone();
        let on_timeout = Closure::once_into_js(move || shared.settle(&timer_id, Err(JsValue::from_str("timeout"))));
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), timeout_ms);
        }
        JsFuture::from(promise).await.map_err(|e| e.as_string().unwrap_or_else(|| "error".into()))
    }
}

impl Transport for NativeHost {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        Box::pin(async move {
            let msg = Self::message(TRANSCEIVE);
            let _ = Reflect::set(&msg, &JsValue::from_str("apdu"), &JsValue::from_str(&b64::encode(apdu)));
            let answer = self.request(msg, TRANSCEIVE_TIMEOUT_MS).await.map_err(|e| transport_error(&e))?;
            Reflect::get(&answer, &JsValue::from_str("response"))
                .ok()
                .and_then(|r| r.as_string())
                .and_then(|r| b64::decode(&r))
                .ok_or_else(|| TransportError::Io("native host: response is not base64".into()))
        })
    }
}

impl CardReader for NativeHost {
    fn kind(&self) -> ReaderKind {
        self.kind
    }

    fn transport(&self) -> &dyn Transport {
        self
    }

    fn begin(&self) -> LocalBoxFuture<'_, Result<(), BeginError>> {
        Box::pin(async move {
            self.request(Self::message(BEGIN), BEGIN_TIMEOUT_MS)
                .await
                .map(|_| self.shared.present.set(true))
                .map_err(|e| BeginError::Transport(transport_error(&e)))
        })
    }

    fn end(&self) {
        let _ = self.post(&Self::message(END));
    }

    fn closed(&self) -> bool {
        self.shared.gone.get().is_some()
    }
}
