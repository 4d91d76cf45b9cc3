//! 運転経歴情報: the driving-history fields, 顔写真 and 運転経歴区分 hidden until asked for.

use domain::dates::western;
use domain::license::{record_number_text, HistoryDetail, RecordView};
use leptos::prelude::*;

use super::fetched_text::{history_class_text, FetchedText, Photo};
use super::person_fields::{optional_date, PersonFields};
use crate::components::field::{Field, ListValue};
use crate::components::hidden_value::HiddenValue;

#[component]
pub fn HistoryFields(record: RecordView, detail: HistoryDetail) -> impl IntoView {
    let status = record.status.label();
    view! {
        <dl class="record">
            <PersonFields record/>
            <Field label="保有状況">{status}</Field>
            <Field label="顔写真">
                <HiddenValue id="photo-value" show_label="顔写真を表示する" hide_label="顔写真を非表示にする">
                    <Photo/>
                </HiddenValue>
            </Field>
            <Field label="運転経歴情報記録年月日">{western(detail.recorded_on)}</Field>
            <Field label="運転経歴区分">
                <HiddenValue id="history-class-value" show_label="運転経歴区分を表示する" hide_label="運転経歴区分を非表示にする">
                    <FetchedText fetch=history_class_text/>
                </HiddenValue>
            </Field>
            <Field label="運転経歴情報記録番号">{record_number_text(&detail.number)}</Field>
            <Field label="取得していた免許"><span class="sub-label">"種類"</span><ListValue items=detail.kinds/></Field>
            <Field label="免許の年月日（二・小・原）">{optional_date(detail.date_two_small_moped)}</Field>
            <Field label="免許の年月日（他）">{optional_date(detail.date_other)}</Field>
            <Field label="免許の年月日（二種）">{optional_date(detail.date_second_class)}</Field>
            <Field label="備考"><ListValue items=detail.remarks/></Field>
        </dl>
    }
}
