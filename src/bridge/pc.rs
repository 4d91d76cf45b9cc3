//! The PC card reader: `myna-card-bridge` (crates/card_bridge) runs on the person's PC and
//! answers on [`PC_BRIDGE_URL`] (loopback only; the CSP's `connect-src` names exactly it).
//! It speaks the phone app's message contract (docs/bridge.md) over a WebSocket, so the
//! reader is the native host's code over another channel ([`NativeHost::over_websocket`]).
//! The bridge lets in only the portal's origin and one page at a time.

use domain::card::PC_BRIDGE_URL;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::native::NativeHost;

/// Nothing listening on the loopback port fails at once; a busy PC is given this long.
const OPEN_TIMEOUT_MS: i32 = 1500;

/// The bridge, if it answers on this PC.
pub async fn connect() -> Option<NativeHost> {
    let window = web_sys::window()?;
    let ctor = Reflect::get(&window, &JsValue::from_str("WebSocket")).ok()?.dyn_into::<Function>().ok()?;
    let socket = Reflect::construct(&ctor, &Array::of1(&JsValue::from_str(PC_BRIDGE_URL))).ok()?;
    // The socket's own handlers, so no closure is kept: `open` resolves, `error` (nothing
    // listening, or the bridge refused this origin) rejects, and so does the timer.
    let opened = Promise::new(&mut |resolve, reject| {
        let _ = Reflect::set(&socket, &JsValue::from_str("onopen"), &resolve);
        let _ = Reflect::set(&socket, &JsValue::from_str("onerror"), &reject);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, OPEN_TIMEOUT_MS);
    });
    let open = JsFuture::from(opened).await.is_ok();
    for handler in ["onopen", "onerror"] {
        let _ = Reflect::set(&socket, &JsValue::from_str(handler), &JsValue::NULL);
    }
    if !open {
        if let Ok(close) = Reflect::get(&socket, &JsValue::from_str("close")).and_then(|f| f.dyn_into::<Function>()) {
            let _ = close.call0(&socket);
        }
        return None;
    }
    NativeHost::over_websocket(socket)
}
