"""Fixture: trigger modes, a .change cascade, .then/.success after success and error, load
(conformance cases LISTENER.TRIGGER_MODE.*, BLOCKS.DATAFLOW.1, FRONTEND.*, LOAD.1)."""

import os
import time

import gradio as gr

DURATIONS = {"work_once": 1.0, "work_multi": 1.0, "work_last": 1.0, "picky": 1.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)


def pause(name):
    if SCALE:
        time.sleep(DURATIONS[name] * SCALE)


def work_once(x):
    pause("work_once")
    return f"once:{x}"


def work_multi(x):
    pause("work_multi")
    return f"multi:{x}"


def work_last(x):
    pause("work_last")
    return f"last:{x}"


def picky(x):
    pause("picky")
    if x == "bad":
        raise gr.Error("picky refuses bad")
    return f"picky:{x}"


def copy_ab(x):
    return f"b({x})"


def copy_bc(x):
    return f"c({x})"


def succeed(x):
    return f"ok:{x}"


def fail(x):
    raise gr.Error("fail always fails")


def then_ok(x):
    return "then_ok ran"


def success_ok(x):
    return "success_ok ran"


def then_err(x):
    return "then_err ran"


def success_err(x):
    return "success_err ran"


def on_load():
    return "loaded"


with gr.Blocks() as demo:
    box = gr.Textbox(elem_id="box")
    out_once = gr.Textbox(elem_id="out_once")
    out_multi = gr.Textbox(elem_id="out_multi")
    out_last = gr.Textbox(elem_id="out_last")
    once_btn = gr.Button("Once", elem_id="once_btn")
    multi_btn = gr.Button("Multi", elem_id="multi_btn")
    once_btn.click(work_once, box, out_once)
    multi_btn.click(work_multi, box, out_multi, trigger_mode="multiple")
    box.change(work_last, box, out_last)
    fussy = gr.Textbox(elem_id="fussy")
    fussy_out = gr.Textbox(elem_id="fussy_out")
    fussy.change(picky, fussy, fussy_out)
    a = gr.Textbox(elem_id="a")
    b = gr.Textbox(elem_id="b")
    c = gr.Textbox(elem_id="c")
    a.change(copy_ab, a, b)
    b.change(copy_bc, b, c)
    ok_btn = gr.Button("Ok", elem_id="ok_btn")
    err_btn = gr.Button("Err", elem_id="err_btn")
    result = gr.Textbox(elem_id="result")
    then_out = gr.Textbox(elem_id="then_out")
    success_out = gr.Textbox(elem_id="success_out")
    ok_event = ok_btn.click(succeed, box, result)
    ok_event.then(then_ok, result, then_out)
    ok_event.success(success_ok, result, success_out)
    err_event = err_btn.click(fail, box, result)
    err_event.then(then_err, result, then_out)
    err_event.success(success_err, result, success_out)
    loaded = gr.Textbox(elem_id="loaded")
    demo.load(on_load, None, loaded)

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
