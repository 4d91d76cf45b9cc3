//! 運転免許: the licence fields in the manual's order, 本籍 and 顔写真 hidden until asked for.

use domain::dates::western_until;
use domain::license::{record_number_text, LicenseDetail, RecordView};
use leptos::prelude::*;

use super::fetched_text::{honseki_text, FetchedText, Photo};
use super::person_fields::{optional_date, PersonFields};
use crate::components::field::{Field, ListValue};
use crate::components::hidden_value::HiddenValue;

#[component]
pub fn LicenseFields(record: RecordView, detail: LicenseDetail) -> impl IntoView {
    let status = record.status.label();
    let color_class = format!("color-dot color-dot--{}", detail.color.colour_code());
    view! {
        <dl class="record">
            <PersonFields record/>
            <Field label="本籍">
                <HiddenValue id="honseki-value" show_label="本籍を表示する" hide_label="本籍を非表示にする">
                    <FetchedText fetch=honseki_text/>
                </HiddenValue>
            </Field>
            <Field label="保有状況">{status}</Field>
            <Field label="顔写真">
                <HiddenValue id="photo-value" show_label="顔写真を表示する" hide_label="顔写真を非表示にする">
                    <Photo/>
                </HiddenValue>
            </Field>
            <Field label="色区分"><span class=color_class aria-hidden="true"></span>{detail.color.label()}</Field>
            <Field label="免許情報記録の有効期間">{western_until(detail.valid_until)}</Field>
            <Field label="免許情報記録番号">{record_number_text(&detail.number)}</Field>
            <Field label="取得済免許"><span class="sub-label">"種類"</span><ListValue items=detail.kinds/></Field>
            <Field label="免許の年月日（二・小・原）">{optional_date(detail.date_two_small_moped)}</Field>
            <Field label="免許の年月日（他）">{optional_date(detail.date_other)}</Field>
            <Field label="免許の年月日（二種）">{optional_date(detail.date_second_class)}</Field>
            <Field label="免許の条件"><ListValue items=detail.conditions/></Field>
            <Field label="備考"><ListValue items=detail.remarks/></Field>
        </dl>
    }
}
