# Every listener shape whose config entries blockspec must reproduce exactly as Gradio 4.44.1
# does: chains, gr.on, js-only and queue=False listeners, batch, generators, cancels (of a
# chain, and of an `every` listener), event data, callable values with every, unload, State.
import gradio as gr


def echo(x):
    return x


def count(x):
    yield x


def tick():
    return "t"


with gr.Blocks(title="shapes") as demo:
    state = gr.State([])
    with gr.Row():
        a = gr.Textbox(label="a")
        b = gr.Number(label="b")
        btn = gr.Button("go")
    with gr.Column(variant="compact"):
        c = gr.Slider(0, 10, label="c")
        d = gr.Checkbox(label="d")
    with gr.Tab("one"):
        e = gr.Dropdown(["x", "y"], label="e")
    with gr.Accordion("more"):
        clock = gr.Textbox(value=tick, every=2)
    chain = btn.click(echo, a, b).then(echo, b, a).success(echo, a, b, api_name=False)
    gr.on([btn.click, a.submit], echo, a, b, js="(x) => x", queue=False, show_api=False)
    gr.on(None, echo, [a], b)
    periodic = btn.click(echo, a, a, every=1.5)
    gen = btn.click(count, a, b, cancels=[chain], concurrency_limit=3, concurrency_id="g", show_progress="minimal")
    b.change(echo, b, a, cancels=[periodic, gen])

    @a.select(inputs=a, outputs=b)
    def picked(x, ev: gr.SelectData):
        return x

    btn.click(None, a, b, js="(x) => x")
    btn.click(lambda xs: (xs,), a, b, batch=True, max_batch_size=8)
    e.key_up(echo, e, a)
    d.input(lambda values: values[a], {a, b}, a, trigger_mode="multiple")
    demo.load(echo, a, a)
    demo.unload(lambda: None)
