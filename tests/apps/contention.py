# Several concurrency groups that compete for max_threads slots: the order in which the
# queue serves groups is where seeds can differ.
import gradio as gr


def echo(x):
    return x


def shout(x):
    return str(x).upper()


def count(x):
    for i in range(3):
        yield f"{x}{i}"


with gr.Blocks() as demo:
    box = gr.Textbox(elem_id="box")
    out = gr.Textbox(elem_id="out")
    a, b, c = gr.Button("a"), gr.Button("b"), gr.Button("c")
    a.click(echo, box, out, concurrency_limit=None)
    b.click(shout, box, out, concurrency_limit=None)
    c.click(count, box, out, concurrency_limit=None)
    box.change(lambda x: len(x or ""), box, gr.Number(elem_id="n"))

demo.launch(max_threads=1)
